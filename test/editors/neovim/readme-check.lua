-- Opens files of a control repo in headless Neovim whose only configuration is the README's block (loaded with
-- -u before this script), waits for the server's diagnostics on each buffer, and records what a user would see:
-- the buffer's filetype, the ids of the LSP clients attached to it, and the diagnostic codes.
--   MP_FILES    comma-separated files to open, inside the control repo
--   MP_EXPECT   comma-separated codes, one per file: wait until that file's buffer shows it (or the timeout)
--   MP_OUT      where the JSON result goes: { files = { [path] = { filetype, clients = {ids}, codes } }, errors = {} }
--   MP_TIMEOUT_MS

local function env(name)
  local v = os.getenv(name)
  if v == nil or v == '' then error('readme-check.lua: ' .. name .. ' is not set') end
  return v
end

local result = { files = {}, errors = {} }

local function codes_of(buf)
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(codes, code and tostring(code) or vim.NIL)
  end
  return codes
end

local function main()
  local files = vim.split(env('MP_FILES'), ',')
  local expect = vim.split(env('MP_EXPECT'), ',')
  local timeout = tonumber(os.getenv('MP_TIMEOUT_MS') or '30000')
  for i, file in ipairs(files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local buf = vim.api.nvim_get_current_buf()
    vim.wait(timeout, function() return vim.tbl_contains(codes_of(buf), expect[i]) end, 50)
    local clients = {}
    for id in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(clients, id) end
    result.files[file] = { filetype = vim.bo[buf].filetype, clients = clients, codes = codes_of(buf) }
  end
end

local ok, err = pcall(main)
if not ok then table.insert(result.errors, tostring(err)) end
local f = assert(io.open(env('MP_OUT'), 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd(ok and 'qall!' or 'cquit 1')
