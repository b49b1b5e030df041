// AWS Signature Version 4 for CloudWatch and Amazon Managed Prometheus, with the credentials that
// aws-actions/configure-aws-credentials leaves in the environment (OIDC session tokens included).

import { AwsV4Signer } from "aws4fetch";
import { ProviderError } from "./request.ts";

/** Read from the step's environment for every gate that signs for AWS; all of them are masked as secrets. */
export const AWS_CREDENTIAL_VARS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
] as const;
export const AWS_REGION_VARS = ["AWS_REGION", "AWS_DEFAULT_REGION"] as const;

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The gate's region, or the one the environment names. */
export function regionFrom(explicit: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (explicit) return explicit;
  for (const name of AWS_REGION_VARS) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

export function credentialsFrom(secrets: ReadonlyMap<string, string>): AwsCredentials {
  const accessKeyId = secrets.get("AWS_ACCESS_KEY_ID");
  const secretAccessKey = secrets.get("AWS_SECRET_ACCESS_KEY");
  if (!accessKeyId || !secretAccessKey) {
    throw new ProviderError(
      "no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
      false,
    );
  }
  const sessionToken = secrets.get("AWS_SESSION_TOKEN");
  return { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
}

export interface SignRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

/** The request's headers plus the SigV4 ones (authorization, x-amz-date, x-amz-security-token). */
export async function signedHeaders(
  req: SignRequest,
  service: string,
  region: string,
  credentials: AwsCredentials,
): Promise<Record<string, string>> {
  const signer = new AwsV4Signer({
    url: req.url,
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined && { body: req.body }),
    ...credentials,
    service,
    region,
  });
  const signed = await signer.sign();
  const out: Record<string, string> = {};
  signed.headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/** The endpoint of an AWS service in a region, China's partition included. */
export function awsEndpoint(service: string, region: string): string {
  return `https://${service}.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}
