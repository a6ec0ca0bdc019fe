// Media upload handler that registers every upload with a progress tracker whose per-upload goroutine reports the final state when the upload's context ends. Leak: on the rejected-upload paths the handler returns before calling the upload's cancel function, so the tracker goroutine waits on ctx.Done forever.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"realistic/internal/leakprobe"
)

type upload struct {
	id       string
	mime     string
	received int64
	cancel   context.CancelFunc
}

type progressTracker struct {
	mu     sync.Mutex
	active map[string]*upload
	done   []string
}

func (t *progressTracker) track(ctx context.Context, u *upload) {
	t.mu.Lock()
	t.active[u.id] = u
	t.mu.Unlock()

	<-ctx.Done()

	t.mu.Lock()
	delete(t.active, u.id)
	t.done = append(t.done, fmt.Sprintf("%s %d bytes", u.id, u.received))
	t.mu.Unlock()
}

type UploadHandler struct {
	tracker  *progressTracker
	maxBytes int64
	seq      int
}

var allowedTypes = map[string]bool{"image/png": true, "image/jpeg": true, "video/mp4": true}

func (h *UploadHandler) begin(r *http.Request) (context.Context, *upload) {
	h.seq++
	ctx, cancel := context.WithCancel(r.Context())
	u := &upload{id: fmt.Sprintf("up-%03d", h.seq), mime: r.Header.Get("Content-Type"), cancel: cancel}
	go h.tracker.track(ctx, u)
	return ctx, u
}

func (h *UploadHandler) finish(u *upload) {
	u.cancel()
}

func (h *UploadHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, u := h.begin(r)

	if !allowedTypes[u.mime] {
		http.Error(w, "unsupported media type "+u.mime, http.StatusUnsupportedMediaType)
		return
	}
	if r.ContentLength > h.maxBytes {
		http.Error(w, "upload too large", http.StatusRequestEntityTooLarge)
		return
	}

	n, err := io.Copy(io.Discard, io.LimitReader(r.Body, h.maxBytes))
	u.received = n
	if err != nil || ctx.Err() != nil {
		h.finish(u)
		http.Error(w, "upload interrupted", http.StatusBadRequest)
		return
	}
	h.finish(u)
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, "%s stored\n", u.id)
}

func main() {
	tr := &progressTracker{active: make(map[string]*upload)}
	h := &UploadHandler{tracker: tr, maxBytes: 1 << 10}

	cases := []struct {
		mime string
		body string
	}{
		{"image/png", strings.Repeat("p", 300)},
		{"application/x-msdownload", strings.Repeat("x", 100)},
		{"video/mp4", strings.Repeat("v", 4096)},
		{"image/jpeg", strings.Repeat("j", 800)},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodPost, "/media", strings.NewReader(c.body))
		req.Header.Set("Content-Type", c.mime)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Printf("%s (%d bytes) -> %d %s", c.mime, len(c.body), rec.Code, rec.Body.String())
	}
	tr.mu.Lock()
	fmt.Println("completed:", tr.done)
	tr.mu.Unlock()
	leakprobe.Done()
}
