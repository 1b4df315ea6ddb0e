// Command loadgen sends one GraphQL request body to a URL (or to several, in turn) as fast as
// `-c` clients can (closed loop), or at a fixed rate (`-rate`, open loop), for `-d` seconds,
// and prints one JSON line:
// {"requests": n, "errors": n, "seconds": s, "latencies_ms": [...]} (latencies sorted).
// bench/api.py drives it: a Go client costs the shared CPU far less than a Python one, so the
// figures say more about the service than about the load generator.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type report struct {
	Requests   int       `json:"requests"`
	Errors     int       `json:"errors"`
	FirstError string    `json:"first_error,omitempty"`
	Seconds    float64   `json:"seconds"`
	Latencies  []float64 `json:"latencies_ms"`
}

func main() {
	url := flag.String("url", "", "GraphQL endpoint; several, comma-separated, take turns (as behind a load balancer)")
	bodyFile := flag.String("body", "", "file holding the JSON request body")
	clients := flag.Int("c", 1, "concurrent clients (closed loop)")
	rate := flag.Float64("rate", 0, "requests per second (open loop; overrides -c)")
	duration := flag.Float64("d", 5, "seconds")
	flag.Parse()
	body, err := os.ReadFile(*bodyFile)
	if err != nil || *url == "" {
		fmt.Fprintln(os.Stderr, "usage: loadgen -url URL -body FILE [-c N | -rate R] [-d S]", err)
		os.Exit(2)
	}
	urls := strings.Split(*url, ",")
	var turn atomic.Uint64
	transport := &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512}
	client := &http.Client{Transport: transport, Timeout: 60 * time.Second}

	var mu sync.Mutex
	out := report{}
	one := func() {
		began := time.Now()
		target := urls[(turn.Add(1)-1)%uint64(len(urls))]
		req, _ := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		failure := ""
		if err != nil {
			failure = err.Error()
		} else {
			payload, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || bytes.Contains(payload, []byte(`"errors"`)) {
				failure = fmt.Sprintf("%d: %.300s", resp.StatusCode, payload)
			}
		}
		elapsed := float64(time.Since(began).Microseconds()) / 1000
		mu.Lock()
		out.Requests++
		out.Latencies = append(out.Latencies, elapsed)
		if failure != "" {
			out.Errors++
			if out.FirstError == "" {
				out.FirstError = failure
			}
		}
		mu.Unlock()
	}

	start := time.Now()
	end := start.Add(time.Duration(*duration * float64(time.Second)))
	var wg sync.WaitGroup
	if *rate > 0 {
		interval := time.Duration(float64(time.Second) / *rate)
		for next := start; next.Before(end); next = next.Add(interval) {
			time.Sleep(time.Until(next))
			wg.Add(1)
			go func() { defer wg.Done(); one() }()
		}
	} else {
		for i := 0; i < *clients; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) {
					one()
				}
			}()
		}
	}
	wg.Wait()
	out.Seconds = time.Since(start).Seconds()
	sort.Float64s(out.Latencies)
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(1)
	}
}
