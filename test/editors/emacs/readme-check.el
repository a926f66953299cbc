;; Run by test/editors/emacs-readme.test.ts after the README's Emacs block: opens each file of MP_FILES, connects eglot
;; as a command loop would, waits until flymake shows the expected code of each (MP_EXPECT, in order), and writes
;; {files: {path: {mode, server, codes, messages}}, errors} to MP_OUT.
(require 'json)
(require 'flymake)
(let* ((files (split-string (getenv "MP_FILES") ","))
       (expect (split-string (getenv "MP_EXPECT") ","))
       (deadline (+ (float-time) (/ (string-to-number (getenv "MP_TIMEOUT_MS")) 1000.0)))
       (result nil) (errors nil))
  (condition-case err
      (progn
        (dolist (f files)
          (with-current-buffer (find-file-noselect f)
            ;; eglot-ensure connects after the next command; in batch mode no command runs.
            (run-hooks 'post-command-hook)
            (flymake-mode 1)))
        (let ((i 0))
          (dolist (f files)
            (let ((want (nth i expect)) (codes nil))
              (with-current-buffer (get-file-buffer f)
                (while (and (< (float-time) deadline) (not (member want codes)))
                  (flymake-start)
                  (accept-process-output nil 0.2)
                  (setq codes (mapcar (lambda (d) (let ((m (flymake-diagnostic-text d))) (if (string-match "\\[\\([^]]+\\)\\]" m) (match-string 1 m) m)))
                                      (flymake-diagnostics))))
                (push (cons f `((mode . ,(symbol-name major-mode))
                                (server . ,(let ((s (eglot-current-server))) (if s (process-id (jsonrpc--process s)) :json-null)))
                                (codes . ,(vconcat codes))
                                (messages . ,(vconcat (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))))) result)))
            (setq i (1+ i)))))
    (error (push (format "%S" err) errors)))
  (with-temp-file (getenv "MP_OUT")
    (insert (json-encode `((files . ,result) (errors . ,(vconcat errors))))))
  (kill-emacs 0))
