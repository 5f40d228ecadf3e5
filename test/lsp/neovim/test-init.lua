-- Headless Neovim (0.7+) as a real LSP client for lint500: attaches the server to every Dockerfile and
-- YAML buffer from a FileType autocmd, collects what vim.diagnostic holds after each
-- DiagnosticChanged, writes it as JSON and quits once every file has diagnostics (or at the deadline).
local server = assert(os.getenv('LINT500_SERVER'))
local node = assert(os.getenv('LINT500_NODE'))
local root = assert(os.getenv('LINT500_ROOT'))
local out = assert(os.getenv('LINT500_OUT'))
local files = vim.split(assert(os.getenv('LINT500_FILES')), ',', { plain = true })
local deadline_ms = tonumber(os.getenv('LINT500_DEADLINE_MS') or '20000')

vim.o.hidden = true
vim.o.swapfile = false
vim.cmd('filetype on')

local client_id
local function client()
  if not client_id then
    client_id = vim.lsp.start_client({
      name = 'lint500',
      cmd = { node, server },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = 'test' } },
    })
  end
  return client_id
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'dockerfile', 'yaml' },
  callback = function(args)
    vim.lsp.buf_attach_client(args.buf, client())
  end,
})

local function snapshot()
  local result = {}
  for _, name in ipairs(files) do
    local buf = vim.fn.bufnr(root .. '/' .. name)
    local list = {}
    if buf > 0 then
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        local lsp = (d.user_data or {}).lsp or {}
        local related = {}
        for _, r in ipairs(lsp.relatedInformation or {}) do
          table.insert(related, { uri = r.location.uri, line = r.location.range.start.line, character = r.location.range.start.character, message = r.message })
        end
        table.insert(list, {
          code = d.code or lsp.code,
          lnum = d.lnum,
          col = d.col,
          end_lnum = d.end_lnum,
          end_col = d.end_col,
          severity = d.severity,
          source = d.source,
          message = d.message,
          href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
          related = related,
        })
      end
    end
    result[name] = list
  end
  return result
end

local function write(state)
  local f = assert(io.open(out .. '.tmp', 'w'))
  f:write(vim.fn.json_encode(state))
  f:close()
  os.rename(out .. '.tmp', out)
end

local done = false
local function finish(code)
  if done then return end
  done = true
  write({ complete = code == 0, diagnostics = snapshot() })
  vim.cmd(code == 0 and 'qa!' or 'cquit! ' .. code)
end

vim.api.nvim_create_autocmd('DiagnosticChanged', {
  callback = function()
    local snap = snapshot()
    for _, name in ipairs(files) do
      if #snap[name] == 0 then return end
    end
    -- Let the event loop settle so that no publication is half-applied, then stop.
    vim.defer_fn(function() finish(0) end, 200)
  end,
})

vim.api.nvim_create_autocmd('VimEnter', {
  -- Nested, so that :edit fires the filetype detection and our FileType autocmd.
  nested = true,
  callback = function()
    for _, name in ipairs(files) do
      vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. name))
    end
  end,
})

vim.defer_fn(function() finish(3) end, deadline_ms)
