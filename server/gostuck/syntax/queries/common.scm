; Shapes shared by every check.

; go worker(ch)    go func() { ... }()
(go_statement) @go.stmt

; //gostuck:ignore GS1001 reason
((comment) @ignore.comment
  (#match? @ignore.comment "^//gostuck:ignore"))
