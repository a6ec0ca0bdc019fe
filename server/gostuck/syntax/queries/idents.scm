; Every identifier: the channel-use finder filters them by name in Python.
; ch <- v    <-ch    close(ch)    worker(ch)
(identifier) @id
