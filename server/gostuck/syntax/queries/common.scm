; Shapes shared by every check.

; go worker(ch)    go func() { ... }()
(go_statement) @go.stmt
