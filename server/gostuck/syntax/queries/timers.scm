; Timer operations: the drain idiom, receives from a timer's channel, Stop and Reset.

; if !t.Stop() { <-t.C }    if !s.timer.Stop() { <-s.timer.C; ... }
(if_statement
  condition: (unary_expression
    operator: "!"
    operand: (call_expression
      function: (selector_expression
        operand: (_) @drain.timer
        field: (field_identifier) @_stop)
      arguments: (argument_list)))
  consequence: (block
    (statement_list
      (expression_statement
        (unary_expression
          operator: "<-"
          operand: (selector_expression
            operand: (_) @drain.chan_timer
            field: (field_identifier) @_c)) @drain.recv)))
  (#eq? @_stop "Stop")
  (#eq? @_c "C")) @drain.if

; <-t.C    case <-s.timer.C:    v := <-t.C
(unary_expression
  operator: "<-"
  operand: (selector_expression
    operand: (_) @recv.timer
    field: (field_identifier) @_c)
  (#eq? @_c "C")) @recv.op

; t.Stop()    t.Reset(d)
(call_expression
  function: (selector_expression
    operand: (_) @call.timer
    field: (field_identifier) @call.method)
  (#any-of? @call.method "Stop" "Reset")) @call.op
