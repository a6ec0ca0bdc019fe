; Receives, and the names a dead-channel search looks at.

; <-ch    v := <-s.quit    <-s.Stopper().ShouldQuiesce()
(unary_expression operator: "<-") @recv.op

; s.quit    (the field of a selector)
(selector_expression field: (field_identifier) @field.name)

; type T struct { quit chan struct{} }
(field_declaration name: (field_identifier) @field.decl)

; T{quit: make(chan struct{})}    T{a, b}
(composite_literal) @lit

; T{quit: v}    (a key naming a field)
(keyed_element key: (literal_element (identifier) @key.name))


; return f(x)    return s.r.Read(p)    (a call whose value is returned)
(return_statement (expression_list . (call_expression) @ret.call .))
