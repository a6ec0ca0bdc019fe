; Calls on sync primitives, used to decide whether a file needs the sync analysis at all,
; and every call and channel operation inside a statement, in one compiled pass.

; mu.Lock()    s.mu.RUnlock()    wg.Wait()    cond.Broadcast()    once.Do(f)
(call_expression
  function: (selector_expression
    field: (field_identifier) @_method)
  (#match? @_method "^(Lock|Unlock|RLock|RUnlock|Wait|Done|Add|Signal|Broadcast|Do)$")) @sync.call

; any call: f(x)    s.m(x)    func() { ... }()
(call_expression) @call.any

; ch <- v
(send_statement) @chan.send

; <-ch
(unary_expression
  operator: "<-") @chan.recv
