; Channel makes.

; make(chan T)    make(chan T, 1)    make(<-chan T, n)
(call_expression
  function: (identifier) @_make
  arguments: (argument_list . [(channel_type)] )
  (#eq? @_make "make")) @make.call

; Operations on a channel made on the spot, that no one else can ever reach.

; make(chan T) <- v
(send_statement
  channel: (call_expression
    function: (identifier) @_m1
    arguments: (argument_list . (channel_type) .))
  (#eq? @_m1 "make")) @fresh.send

; <-make(chan T)
(unary_expression
  operator: "<-"
  operand: (call_expression
    function: (identifier) @_m2
    arguments: (argument_list . (channel_type)))
  (#eq? @_m2 "make")) @fresh.recv

; s := newServer(...)    a possible constructor call bound to one name
(short_var_declaration
  right: (expression_list . (call_expression function: (identifier)) .)) @ctor.decl

; t := newTransport(...).(*transport)    the same value, asserted to its dynamic type
(short_var_declaration
  right: (expression_list
    . (type_assertion_expression operand: (call_expression function: (identifier))) .)) @ctor.decl

; f(x)    s.m(x)    a call made as a statement of its own
(expression_statement (call_expression) @stmt.call)
