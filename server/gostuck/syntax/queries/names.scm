; Every identifier and field identifier: the context analysis indexes a package's names once.
; ctx    cancel()    s.cancel()    type T struct { cancel func() }    T{cancel: c}
(identifier) @id

(field_identifier) @field
