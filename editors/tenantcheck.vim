" go vet with tenantcheck as the vet tool, for :make and the quickfix list.
"
" Tested with Neovim 0.7 (Debian 12's neovim) by tenantcheck's
" `make integration` (internal/integration/editors_test.go); Vim reads it
" the same way. Install as ~/.config/nvim/after/ftplugin/go.vim (Vim:
" ~/.vim/after/ftplugin/go.vim), or :source it in a Go buffer. Then :make
" vets the current file's package, and :copen lists the findings.
"
" %:p:h is the current file's folder: go vet prints positions relative to
" Vim's working folder when they lie under it, as the quickfix list reads
" them. $(command -v tenantcheck) is expanded by the shell; put a full path
" there if tenantcheck is not on PATH.
setlocal makeprg=go\ vet\ -vettool=$(command\ -v\ tenantcheck)\ %:p:h
" Skip go vet's "# package" headers; read file:line:column: message.
setlocal errorformat=%-G#\ %.%#,%f:%l:%c:\ %m,%f:%l:\ %m
