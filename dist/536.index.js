export const id = 536;
export const ids = [536];
export const modules = {

/***/ 4536:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YamlError: () => (/* binding */ YamlError),
/* harmony export */   readYaml: () => (/* binding */ readYaml)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
// YAML that users write in an input (`gates`, `freeze`) to plain data, defensively. Loaded only by a run that
// reads such an input, so an ignored comment never loads the YAML library.

/** The text is not YAML the action will read; the message reads after the input's name ("gates: …"). */
class YamlError extends Error {
    name = "YamlError";
}
const MAX_DEPTH = 32;
const MAX_NODES = 50_000;
/** The first line indented with a tab (1-based), which YAML forbids, or undefined. */
function tabIndentedLine(text) {
    const index = text.split(/\r?\n/).findIndex((line) => /^[ ]*\t/.test(line));
    return index < 0 ? undefined : index + 1;
}
function yamlError(error, text) {
    // The YAML library reports a tab as whatever it broke ("Unexpected scalar at node end"): say what it is.
    const tab = tabIndentedLine(text);
    if (tab !== undefined) {
        return new YamlError(`line ${tab} is indented with a tab, and YAML indents with spaces only: replace the tab with spaces`);
    }
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    return new YamlError(`is not valid YAML: ${first.replace(/:$/, "").slice(0, 300)}`);
}
/**
 * YAML to plain data with the core schema (times stay text): duplicate keys found with a set per mapping (the
 * library's own check is quadratic), a small alias budget against "billion laughs", and a bound on depth and
 * size, which also stops an alias that refers to its own ancestor.
 */
function readYaml(text) {
    let value;
    try {
        const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { uniqueKeys: false, prettyErrors: true, logLevel: "error" });
        const [first] = doc.errors;
        if (first)
            throw new Error(first.message);
        (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(doc, {
            Map(_key, map) {
                if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(map))
                    return;
                const seen = new Set();
                for (const item of map.items) {
                    const key = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(item.key) ? String(item.key.value) : JSON.stringify(item.key);
                    if (seen.has(key))
                        throw new Error(`the key "${key.slice(0, 60)}" appears twice in one mapping`);
                    seen.add(key);
                }
            },
        });
        value = doc.toJS({ maxAliasCount: 100 });
    }
    catch (error) {
        if (error instanceof RangeError)
            throw new YamlError(`is nested too deeply (at most ${MAX_DEPTH} levels)`);
        throw yamlError(error, text);
    }
    const stack = [[value, 0]];
    let nodes = 0;
    while (stack.length > 0) {
        const [node, depth] = stack.pop();
        if (node === null || typeof node !== "object")
            continue;
        if (depth > MAX_DEPTH) {
            throw new YamlError(`is nested too deeply, or an alias refers to itself (at most ${MAX_DEPTH} levels)`);
        }
        if (++nodes > MAX_NODES)
            throw new YamlError(`holds more than ${MAX_NODES} values`);
        for (const child of Object.values(node))
            stack.push([child, depth + 1]);
    }
    return value;
}


/***/ })

};
