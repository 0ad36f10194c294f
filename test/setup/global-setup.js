export { setup as default } from "./tmpdir.js";
