/**
 * The files in which a repository tells coding agents what they may run: permission allowlists,
 * hooks (shell commands run at every tool call), MCP servers (programs started with the
 * session's credentials) and the setup of an agent's cloud machine. Judged before running the
 * check: an agent's PR that widens them widens what every later agent run may do, including the
 * CI runs that hold deploy credentials (claude-code-action with Bedrock or OIDC), so it is a
 * change of the gates around the agents, as `.github/workflows/**` is.
 *
 * - anthropics/claude-code-action @042988e7 (MIT) docs/configuration.md: a repository's root
 *   `.mcp.json` servers are started when enable_all_project_mcp_servers is true (the default),
 *   and "in PR contexts the action restores project config from the base ref before launching":
 *   the action itself takes these files from the base, so what merges into the base is what every
 *   later run gets. Its settings carry "permissions" and "hooks" (commands run around tool use);
 *   the action's own repository keeps a PostToolUse hook in .claude/settings.json (@eaa1929d).
 * - Claude Code reads project settings from .claude/settings.json and .claude/settings.local.json;
 *   Gemini CLI from .gemini/settings.json (mcpServers, tools); Cursor from .cursor/mcp.json and its
 *   cloud agents' .cursor/environment.json (install commands); VS Code's agent mode from
 *   .vscode/mcp.json; Kiro from .kiro/settings/mcp.json and .kiro/hooks/; Amazon Q Developer from
 *   .amazonq/mcp.json; Codex from .codex/config.toml; opencode from opencode.json.
 */
import { infraFiles } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr } from "./facts.js";

const globs = resolvePolicy().review.infraPaths;
const byGlob = (path: string): string[] => infraFiles(copilotPr({ files: [{ path }] }), globs);

describe("agents' permission, hook and tool configuration is infrastructure", () => {
  it.each([
    ".claude/settings.json",
    ".claude/settings.local.json",
    ".claude/hooks/pre-bash.sh",
    ".mcp.json",
    "services/api/.mcp.json",
    ".gemini/settings.json",
    ".cursor/mcp.json",
    ".cursor/environment.json",
    ".vscode/mcp.json",
    ".kiro/settings/mcp.json",
    ".kiro/hooks/on-save.kiro.hook",
    ".amazonq/mcp.json",
    ".codex/config.toml",
    "opencode.json",
    "opencode.jsonc",
  ])("%s", (path) => {
    expect(byGlob(path)).toEqual([path]);
  });
});

describe("what only instructs an agent, or configures an editor, stays outside", () => {
  it.each(["CLAUDE.md", "AGENTS.md", ".claude/commands/review.md", ".claude/agents/reviewer.md", ".github/copilot-instructions.md", ".cursor/rules/style.mdc", ".vscode/settings.json", ".gemini/styleguide.md", "src/mcp/server.ts"])("%s", (path) => {
    expect(byGlob(path)).toEqual([]);
  });
});
