package gs3001

// Frames on a wire, and the frame that ends the stream.
type frame struct{ data []byte }
type hangUp struct{}

// Stream sends two frames and the hang-up: the reader leaves its range on the hang-up.
func Stream(play func(any)) {
	wire := make(chan any)
	go func() { // ok: the range is left on the hang-up, Stream's last send
		for f := range wire {
			if _, ok := f.(*hangUp); ok {
				return
			}
			play(f)
		}
	}()
	wire <- &frame{data: []byte("a")}
	wire <- &frame{data: []byte("b")}
	wire <- &hangUp{}
}

// Codes of a status stream; codeBye ends it.
const (
	codeOK = iota
	codeBye
)

// Statuses stops reading on codeBye, the last value Statuses sends.
func Statuses(note func(int)) {
	codes := make(chan int)
	go func() { // ok: the range is left on codeBye, the last send
		for c := range codes {
			if c == codeBye {
				return
			}
			note(c)
		}
	}()
	codes <- codeOK
	codes <- codeBye
}

// StreamNoHangUp never sends the hang-up the reader waits for.
func StreamNoHangUp(play func(any)) {
	wire := make(chan any)
	go func() { // want `GS3001: range over "wire" never ends`
		for f := range wire {
			if _, ok := f.(*hangUp); ok {
				return
			}
			play(f)
		}
	}()
	wire <- &frame{data: []byte("a")}
	wire <- &frame{data: []byte("b")}
}

// StreamMaybe hangs up only when asked to.
func StreamMaybe(play func(any), hang bool) {
	wire := make(chan any)
	go func() { // want `GS3001: range over "wire" never ends`
		for f := range wire {
			if _, ok := f.(*hangUp); ok {
				return
			}
			play(f)
		}
	}()
	wire <- &frame{data: []byte("a")}
	if hang {
		wire <- &hangUp{}
	}
}

// CollectFailure stops at the first failure the checks report: when none fails, it waits for
// more reports forever.
func CollectFailure(check func(int) error) {
	errs := make(chan error)
	go func() { // want `GS3001: range over "errs" never ends`
		for err := range errs {
			if err != nil {
				return
			}
		}
	}()
	errs <- check(1)
	errs <- check(2)
}
