; Function literals.

; func() { ... }
(func_literal) @func.lit
