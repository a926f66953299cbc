-- Drives our language server from headless Neovim 0.7 (a second, independent LSP client; see
-- test/editors/neovim.test.ts). Inputs come from the environment:
--   MP_SERVER       the built server (dist/server/main.js), started as `node MP_SERVER --stdio`
--   MP_ROOT         the workspace folder (a copy of a fixture)
--   MP_FILE         the Hiera data file to open, inside MP_ROOT
--   MP_PREFIXES     comma-separated lines (e.g. `mesos::,zookeeper::`) at whose end completion is requested
--   MP_READY_LABEL  a completion label that shows the server has indexed the workspace; requests repeat until it
--                   appears (or MP_TIMEOUT_MS passes)
--   MP_HOVER_FILE   another Hiera data file inside MP_ROOT, opened after the completions ...
--   MP_HOVER_KEY    ... where the hover of this key is recorded
--   MP_ROLE_FILE    optional: a node's data file inside MP_ROOT with a line `mesos::`, where completion is asked
--                   and turned into the menu Neovim shows (vim.lsp.util's complete items, in its order) ...
--   MP_ROLE_HOVER   ... and optional `file|key` (file relative to MP_ROOT) whose hover is recorded as role_hover
--   MP_OUT          where the JSON result goes: { completions = { [prefix] = {labels} }, hover = "...",
--                   role_menu = {words}, role_hover = "...", diagnostics = { {code, message, line} },
--                   errors = { "..." } }
-- Neovim 0.7 has no vim.lsp.start, so this uses vim.lsp.start_client and buf_attach_client.

local env = function(name)
  local v = os.getenv(name)
  if v == nil or v == '' then error('check.lua: ' .. name .. ' is not set') end
  return v
end

local result = {
  completions = {},
  hover = vim.NIL,
  role_menu = vim.NIL,
  role_hover = vim.NIL,
  diagnostics = vim.NIL,
  errors = {},
}
local out = env('MP_OUT')

local function write_result()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

-- The 0-based row of the first line that satisfies `matches`.
local function find_row(buf, what, matches)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if matches(line) then return i - 1, line end
  end
  error('check.lua: no line ' .. what .. ' in ' .. vim.api.nvim_buf_get_name(buf))
end

local function labels_of(response)
  local labels = {}
  if not response or response.err or not response.result then return labels end
  local items = response.result.items or response.result
  for _, item in ipairs(items) do table.insert(labels, item.label) end
  return labels
end

local function first_response(responses)
  for _, r in pairs(responses or {}) do return r end
  return nil
end

local function flatten_hover(contents)
  if type(contents) == 'string' then return contents end
  if contents.value then return contents.value end
  local parts = {}
  for _, c in ipairs(contents) do table.insert(parts, flatten_hover(c)) end
  return table.concat(parts, '\n')
end

local function main()
  local root, file = env('MP_ROOT'), env('MP_FILE')
  local timeout = tonumber(os.getenv('MP_TIMEOUT_MS') or '20000')
  local published = nil
  local exited = nil

  local client_id = vim.lsp.start_client({
    name = 'mesos-puppet',
    cmd = { 'node', env('MP_SERVER'), '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
    on_exit = function(code, signal) exited = 'the server exited with code ' .. code .. ', signal ' .. signal end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        if params and params.uri == vim.uri_from_fname(file) then published = params.diagnostics end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
    },
  })
  if not client_id then error('check.lua: vim.lsp.start_client failed') end

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'yaml'
  vim.lsp.buf_attach_client(buf, client_id)
  local ok = vim.wait(timeout, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return exited ~= nil or (c ~= nil and c.initialized == true)
  end, 20)
  if exited then error('check.lua: ' .. exited .. ' (its stderr is in the LSP log)') end
  if not ok then error('check.lua: the server did not finish initialize within ' .. timeout .. ' ms') end

  local uri = vim.uri_from_bufnr(buf)
  local ready = os.getenv('MP_READY_LABEL')
  for prefix in vim.gsplit(env('MP_PREFIXES'), ',', true) do
    local row, line = find_row(buf, '"' .. prefix .. '"', function(l) return l == prefix end)
    local params = { textDocument = { uri = uri }, position = { line = row, character = #line } }
    local labels = {}
    local deadline = vim.loop.now() + timeout
    repeat
      labels = labels_of(first_response(vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 5000)))
      -- The first prefix waits until the server has indexed the workspace.
      if not ready or vim.tbl_contains(labels, ready) or exited then break end
      vim.wait(200)
    until vim.loop.now() > deadline
    ready = nil
    result.completions[prefix] = labels
  end

  -- The hover of `key` in `path`, opened in its own buffer; vim.NIL when the server gives none.
  local function hover_of(path, key)
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local hbuf = vim.api.nvim_get_current_buf()
    vim.bo[hbuf].filetype = 'yaml'
    vim.lsp.buf_attach_client(hbuf, client_id)
    local row = find_row(hbuf, 'with key ' .. key, function(l) return vim.startswith(l, key .. ': ') end)
    local params = { textDocument = { uri = vim.uri_from_bufnr(hbuf) }, position = { line = row, character = 1 } }
    local r = first_response(vim.lsp.buf_request_sync(hbuf, 'textDocument/hover', params, 5000))
    vim.cmd('buffer ' .. buf)
    if r and r.result and r.result.contents then return flatten_hover(r.result.contents) end
    return vim.NIL
  end

  local hover_file, hover_key = os.getenv('MP_HOVER_FILE'), os.getenv('MP_HOVER_KEY')
  if hover_file and hover_key then result.hover = hover_of(hover_file, hover_key) end

  local role_file = os.getenv('MP_ROLE_FILE')
  if role_file and role_file ~= '' then
    vim.cmd('edit ' .. vim.fn.fnameescape(role_file))
    local rbuf = vim.api.nvim_get_current_buf()
    vim.bo[rbuf].filetype = 'yaml'
    vim.lsp.buf_attach_client(rbuf, client_id)
    local row, line = find_row(rbuf, '"mesos::"', function(l) return l == 'mesos::' end)
    local params = { textDocument = { uri = vim.uri_from_bufnr(rbuf) }, position = { line = row, character = #line } }
    local r = first_response(vim.lsp.buf_request_sync(rbuf, 'textDocument/completion', params, 5000))
    local menu = {}
    if r and r.result then
      -- What the menu shows, in the order Neovim sorts it (by sortText), for what is typed.
      for _, item in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(r.result, line)) do
        table.insert(menu, item.abbr or item.word)
      end
    end
    result.role_menu = menu
    vim.cmd('buffer ' .. buf)
  end

  local role_hover = os.getenv('MP_ROLE_HOVER')
  if role_hover and role_hover ~= '' then
    local path, key = role_hover:match('^(.-)|(.*)$')
    result.role_hover = hover_of(root .. '/' .. path, key)
  end

  vim.wait(timeout, function() return exited ~= nil or (published ~= nil and #published > 0) end, 50)
  if exited then error('check.lua: ' .. exited .. ' (its stderr is in the LSP log)') end
  if published then
    local diags = {}
    for _, d in ipairs(published) do
      table.insert(diags, { code = d.code or vim.NIL, message = d.message, line = d.range.start.line })
    end
    result.diagnostics = diags
  end

  -- Shut the server down politely so it does not outlive the editor.
  local client = vim.lsp.get_client_by_id(client_id)
  client.stop()
  vim.wait(3000, function() return client.is_stopped() end, 20)
end

local ok, err = pcall(main)
if not ok then table.insert(result.errors, tostring(err)) end
local wrote, werr = pcall(write_result)
if not wrote then io.stderr:write(tostring(werr) .. '\n') end
if ok and wrote then vim.cmd('qall!') else vim.cmd('cquit 1') end
