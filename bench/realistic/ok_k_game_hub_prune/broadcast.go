package main

func (h *Hub) broadcast(state string) {
	h.mu.RLock()
	var gone []string
	for id, p := range h.players {
		if err := p.send(state); err != nil {
			gone = append(gone, id)
		}
	}
	h.mu.RUnlock()
	for _, id := range gone {
		h.Remove(id)
	}
}
