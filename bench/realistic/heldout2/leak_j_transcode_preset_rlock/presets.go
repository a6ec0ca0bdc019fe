package main

import (
	"fmt"
	"strings"
	"sync"
)

// preset is an encoder ladder rung loaded from the presets repository.
type preset struct {
	name    string
	width   int
	height  int
	bitrate int // kbit/s
}

// presetCache memoises presets; most jobs use a handful of them.
type presetCache struct {
	mu      sync.RWMutex
	presets map[string]preset
	hits    int
}

func newPresetCache(builtin ...preset) *presetCache {
	c := &presetCache{presets: make(map[string]preset)}
	for _, p := range builtin {
		c.presets[p.name] = p
	}
	return c
}

func (c *presetCache) Get(name string) (preset, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if p, ok := c.presets[name]; ok {
		return p, nil
	}

	p, err := loadPreset(name)
	if err != nil {
		return preset{}, err
	}
	c.mu.Lock()
	c.presets[name] = p
	c.mu.Unlock()
	return p, nil
}

// loadPreset parses names of the form "<height>p" from the presets repository.
func loadPreset(name string) (preset, error) {
	var h int
	if _, err := fmt.Sscanf(strings.TrimSuffix(name, "p"), "%d", &h); err != nil || h <= 0 {
		return preset{}, fmt.Errorf("preset %q: unknown", name)
	}
	return preset{name: name, width: h * 16 / 9, height: h, bitrate: h * 4}, nil
}
