package main

func (h *Hub) broadcast(state string) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for id, p := range h.players {
		if err := p.send(state); err != nil {
			h.Remove(id)
		}
	}
}
