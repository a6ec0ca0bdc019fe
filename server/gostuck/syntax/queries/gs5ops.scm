; What one statement evaluates, for the sync walk: its calls and channel operations.

; f(x)    s.m(x)    func() { ... }()
(call_expression) @call.any

; ch <- v
(send_statement) @chan.send

; <-ch
(unary_expression
  operator: "<-") @chan.recv
