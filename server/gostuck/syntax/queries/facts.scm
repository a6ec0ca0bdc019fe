; Channel makes.

; make(chan T)    make(chan T, 1)    make(<-chan T, n)
(call_expression
  function: (identifier) @_make
  arguments: (argument_list . [(channel_type)] )
  (#eq? @_make "make")) @make.call
