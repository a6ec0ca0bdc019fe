; Calls on sync primitives: whether a file needs the sync analysis at all, and where.

; mu.Lock()    s.mu.RUnlock()    wg.Wait()    cond.Broadcast()    once.Do(f)
(call_expression
  function: (selector_expression
    field: (field_identifier) @_method)
  (#match? @_method "^(Lock|Unlock|RLock|RUnlock|Wait|Done|Add|Signal|Broadcast|Do)$")) @sync.call
