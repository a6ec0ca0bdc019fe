-- Headless Neovim as a real LSP client of gostuck (driven by test_nvim.py).
-- Opens one Go file, waits for gostuck's diagnostics, asks for a hover and the code actions
-- at the first diagnostic, writes everything as JSON and quits, whatever happens.
local file = os.getenv("GOSTUCK_FILE")
local out = os.getenv("GOSTUCK_OUT")
local cmd = vim.fn.json_decode(os.getenv("GOSTUCK_CMD"))

local result = { diagnostics = {}, hover = vim.NIL, actions = {}, errors = {} }
local client_id = nil

-- Neovim keeps byte columns; the server wants UTF-16 columns (0.7 offers nothing else).
local function position(bufnr, lnum, col)
  local line = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1] or ""
  local _, utf16 = vim.str_utfindex(line, col)
  return { line = lnum, character = utf16 }
end

local function main()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  client_id = vim.lsp.start_client({
    name = "gostuck",
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ":h"),
    init_options = { debounceMs = 0 },
    on_error = function(code, err)
      table.insert(result.errors, tostring(code) .. ": " .. vim.inspect(err))
    end,
  })
  assert(client_id, "start_client failed")
  vim.lsp.buf_attach_client(bufnr, client_id)

  local got = vim.wait(30000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 20)
  assert(got, "no diagnostics within 30 s")

  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(result.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      message = d.message,
      source = d.source,
      severity = d.severity,
      code = d.code or lsp.code,
      href = (lsp.codeDescription or {}).href,
      related = #(lsp.relatedInformation or {}),
    })
  end

  local first = vim.diagnostic.get(bufnr)[1]
  local lsp = (first.user_data or {}).lsp or {}
  local uri = vim.uri_from_bufnr(bufnr)
  local range = {
    start = position(bufnr, first.lnum, first.col),
    ["end"] = position(bufnr, first.end_lnum, first.end_col),
  }
  local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", {
    textDocument = { uri = uri },
    position = range.start,
  }, 10000)
  for _, res in pairs(hover or {}) do
    assert(not res.err, vim.inspect(res.err))
    if res.result and res.result.contents then
      result.hover = res.result.contents.value
    end
  end
  local diagnostic = {
    range = range,
    message = first.message,
    severity = first.severity,
    source = first.source,
    code = lsp.code,
    data = lsp.data,
  }
  local actions = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = { uri = uri },
    range = range,
    context = { diagnostics = { diagnostic } },
  }, 10000)
  for _, res in pairs(actions or {}) do
    assert(not res.err, vim.inspect(res.err))
    for _, action in ipairs(res.result or {}) do
      table.insert(result.actions, action.title)
    end
  end
end

local ok, err = pcall(main)
if not ok then
  table.insert(result.errors, tostring(err))
end
local f = assert(io.open(out, "w"))
f:write(vim.fn.json_encode(result))
f:close()
if client_id then
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 20)
end
vim.cmd("qa!")
