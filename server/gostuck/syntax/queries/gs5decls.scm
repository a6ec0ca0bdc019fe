; Declarations and assignments inside a function, for the sync walk's environments.

; x := v    var x T = v    for k, v := range m    x = v
[
  (short_var_declaration)
  (var_spec)
  (range_clause)
  (assignment_statement)
] @decl.node

; x = v    x, y = a, b    x++    x--
(assignment_statement
  left: (expression_list (identifier) @assign.name))
(inc_statement (identifier) @assign.name)
(dec_statement (identifier) @assign.name)
