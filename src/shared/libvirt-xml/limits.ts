// Limits applied to every document before and while it is parsed. libvirt's own documents are far
// smaller (a large host's capabilities are ~1 MB, nesting stays under 20 levels); the limits exist so a
// hostile or corrupt document costs a bounded amount of time and memory instead of hanging the app.

/** Largest document accepted: bytes for Uint8Array input, UTF-16 code units for string input. */
export const MAX_XML_BYTES = 10 * 1024 * 1024;

/** Deepest element nesting accepted (passed to fast-xml-parser as maxNestedTags). */
export const MAX_XML_DEPTH = 100;

/** Most CPU ids a cpuset/nodeset string may expand to; protects against '0-4294967295'. */
export const MAX_CPUSET_IDS = 65536;
