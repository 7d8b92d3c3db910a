;;; flycheck-tenantcheck.el --- go vet with tenantcheck as the vet tool, in flycheck  -*- lexical-binding: t; -*-

;; Tested with Emacs 28, flycheck 32 and go-mode 1.6 (Debian 12's
;; emacs-nox, elpa-flycheck and elpa-go-mode) by tenantcheck's
;; `make integration' (internal/integration/editors_test.go).
;;
;; flycheck's own go-vet checker vets a temporary copy of the buffer, which
;; is outside the module and cut off from the other files of its package,
;; and has no option for a vet tool. This checker runs
;;   go vet -vettool=<tenantcheck> .
;; in the buffer's folder on the saved file, as go vet is meant to run, and
;; reads back file:line:column: message.
;;
;; Install: put this file on `load-path' and add to your init file
;;   (require 'flycheck-tenantcheck)
;; The vet tool is `flycheck-tenantcheck-vettool' (default: tenantcheck on
;; exec-path).

;;; Code:

(require 'flycheck)

(flycheck-def-option-var flycheck-tenantcheck-vettool "tenantcheck" go-vet-tenantcheck
  "The tenantcheck executable that go vet runs as its vet tool.
A name is looked up on `exec-path'."
  :type 'string
  :safe #'stringp)

(defun flycheck-tenantcheck--vettool-flag ()
  "Return go vet's -vettool flag for `flycheck-tenantcheck-vettool'."
  (concat "-vettool="
          (or (executable-find flycheck-tenantcheck-vettool)
              flycheck-tenantcheck-vettool)))

(flycheck-define-checker go-vet-tenantcheck
  "go vet with tenantcheck as the vet tool: SQL not confined to one tenant.

See URL `https://github.com/resolutionflow/tenantcheck'."
  :command ("go" "vet" (eval (flycheck-tenantcheck--vettool-flag)) ".")
  :error-patterns
  ((warning line-start (file-name) ":" line ":" column ": " (message) line-end)
   (warning line-start (file-name) ":" line ": " (message) line-end))
  :working-directory (lambda (_) (file-name-directory (buffer-file-name)))
  ;; go vet reads the files from disk: check saved buffers only.
  :predicate flycheck-buffer-saved-p
  :modes go-mode)

(add-to-list 'flycheck-checkers 'go-vet-tenantcheck)

(provide 'flycheck-tenantcheck)
;;; flycheck-tenantcheck.el ends here
