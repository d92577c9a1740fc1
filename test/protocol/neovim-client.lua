-- A plain LSP client: Neovim's built-in one, headless, with no plugins and no configuration.
-- Starts Vigil's server over stdio, opens one file, and writes what a user of Neovim would get
-- (diagnostics, a hover, the code actions, any message the server asked the editor to show) as
-- JSON to $VIGIL_OUT. Written for Neovim 0.7 (Debian 12) and later.
local server = os.getenv('VIGIL_SERVER')
local file = os.getenv('VIGIL_FILE')
local out = os.getenv('VIGIL_OUT')
local result = { messages = {}, requests = {}, diagnostics = {}, actions = {} }

local function record_request(method)
  return function(_, params)
    table.insert(result.requests, { method = method, params = params })
    return vim.NIL
  end
end

local client_id = vim.lsp.start_client({
  name = 'vigil',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
  handlers = {
    ['window/showMessage'] = function(_, params)
      table.insert(result.messages, params)
    end,
    ['window/showMessageRequest'] = record_request('window/showMessageRequest'),
    ['workspace/applyEdit'] = function(_, params)
      table.insert(result.requests, { method = 'workspace/applyEdit', params = params })
      return { applied = true }
    end,
  },
})

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)

local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
result.timedOut = not ok
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(result.diagnostics, { line = d.lnum, col = d.col, severity = d.severity, message = d.message, code = d.code, source = d.source })
end

local client = vim.lsp.get_client_by_id(client_id)
if ok and client then
  local first = result.diagnostics[1]
  local pos = { line = first.line, character = first.col }
  local hover = client.request_sync('textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = pos }, 10000, buf)
  result.hover = hover and hover.result or vim.NIL
  local diags = {}
  for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buf, first.line)) do table.insert(diags, d) end
  local actions = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = pos, ['end'] = pos },
    context = { diagnostics = diags },
  }, 10000, buf)
  for _, a in ipairs((actions and actions.result) or {}) do
    table.insert(result.actions, { title = a.title, kind = a.kind, hasEdit = a.edit ~= nil, command = a.command and (a.command.command or a.command) or vim.NIL })
    -- "Suppress with a reason": a plain LSP client has no input box; run it as the user would.
    if a.command and a.command.command == 'vigil.server.suppress' then
      result.suppress = client.request_sync('workspace/executeCommand', { command = a.command.command, arguments = a.command.arguments }, 10000, buf)
    end
  end
  vim.wait(1000, function() return false end, 50)
  result.capabilities = client.server_capabilities or client.resolved_capabilities
end

local f = io.open(out, 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd('qa!')
