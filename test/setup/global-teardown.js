export { teardown as default } from "./tmpdir.js";
