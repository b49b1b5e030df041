// A compact picture of a comparison's evidence against its threshold: a bar filled on a log scale from 1 (no
// evidence) to the threshold (the verdict), so "halfway" means the evidence has grown halfway in the factors
// that matter. Plain text in a code span: it reads the same in a summary, a comment and a log.

/** An e-value for people: "0.42", "1,146", "3.2e41". */
export function formatEValue(e: number): string {
  if (e >= 1e6) return e.toExponential(1).replace("e+", "e");
  if (e >= 100) return Math.round(e).toLocaleString("en-US");
  return String(Number(e.toPrecision(2)));
}

const WIDTH = 20;

export function evidenceBar(e: number, threshold: number): string {
  const share = e >= threshold ? 1 : e > 1 && threshold > 1 ? Math.log(e) / Math.log(threshold) : 0;
  const filled = Math.round(Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0)) * WIDTH);
  const bar = `${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}`;
  const figure = Number.isFinite(e) ? formatEValue(e) : String(e);
  return `\`${bar}\` ${figure} of ${formatEValue(threshold)}${e >= threshold ? ", reached" : ""}`;
}
