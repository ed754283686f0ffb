-- Neovim's built-in LSP client against `slate lsp` (tests/nvim.rs).
-- Environment: SLATE_BIN (the binary), SLATE_FILE (the .sla file to open),
-- SLATE_LINE and SLATE_COL (1-based line, 0-based byte column of a name to
-- go to the definition of), SLATE_RESULT (where to write what happened).
-- Works with Neovim 0.7 (`vim.lsp.start_client`) and later (`vim.lsp.start`).
local out = assert(io.open(os.getenv("SLATE_RESULT"), "w"))
local function say(line)
  out:write(line .. "\n")
  out:flush()
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("SLATE_FILE")))
  local buf = vim.api.nvim_get_current_buf()
  local config = {
    name = "slate",
    cmd = { os.getenv("SLATE_BIN"), "lsp" },
    root_dir = vim.fn.fnamemodify(os.getenv("SLATE_FILE"), ":h"),
  }
  local client
  if vim.lsp.start then
    client = vim.lsp.start(config)
  else
    client = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client)
  end
  say("client " .. tostring(client))

  local got = vim.wait(20000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  say("diagnostics " .. tostring(got))
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
    say(string.format("diagnostic %s %d %s", code, d.lnum + 1, d.message:gsub("\n", " | ")))
  end

  local line = tonumber(os.getenv("SLATE_LINE"))
  vim.api.nvim_win_set_cursor(0, { line, tonumber(os.getenv("SLATE_COL")) })
  vim.lsp.buf.definition()
  vim.wait(20000, function()
    return vim.api.nvim_win_get_cursor(0)[1] ~= line
  end, 50)
  local cursor = vim.api.nvim_win_get_cursor(0)
  say(string.format("cursor %d %d", cursor[1], cursor[2]))
end)
if not ok then
  say("error " .. tostring(err))
end
out:close()
vim.cmd("qa!")
