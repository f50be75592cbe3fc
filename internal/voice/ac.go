package voice

// automaton is an Aho–Corasick automaton over words rather than
// characters: every term of the dictionary is a path of word numbers from
// the root, and one pass over a text's words finds every term in it,
// however many terms there are.
//
// Nodes are numbers; node 0 is the root. A text word the dictionary does
// not know (number -1) can continue no term, so it sends the automaton
// back to the root.
type automaton struct {
	edges  map[uint64]int32 // node<<32 | word → the node one word further
	parent []int32
	via    []int32 // the word that leads from parent to the node
	depth  []int32 // the node's distance from the root, in words
	fail   []int32 // the node of the longest proper suffix that is a path
	out    []int32 // the term that ends at the node, or -1
	link   []int32 // the nearest node on the fail chain where a term ends, or -1
}

// newAutomaton returns an automaton with room for about n nodes.
func newAutomaton(n int) *automaton {
	a := &automaton{
		edges:  make(map[uint64]int32, n),
		parent: make([]int32, 1, n+1),
		via:    make([]int32, 1, n+1),
		depth:  make([]int32, 1, n+1),
		out:    make([]int32, 1, n+1),
	}
	a.parent[0], a.via[0], a.out[0] = -1, -1, -1
	return a
}

func edgeKey(node, w int32) uint64 { return uint64(uint32(node))<<32 | uint64(uint32(w)) }

// add adds the path of words and returns its last node.
func (a *automaton) add(words []int32) int32 {
	n := int32(0)
	for _, w := range words {
		k := edgeKey(n, w)
		next, ok := a.edges[k]
		if !ok {
			next = int32(len(a.parent))
			a.edges[k] = next
			a.parent = append(a.parent, n)
			a.via = append(a.via, w)
			a.depth = append(a.depth, a.depth[n]+1)
			a.out = append(a.out, -1)
		}
		n = next
	}
	return n
}

// build computes the fail and output links once every term is added.
// Nodes are visited by depth, so a node's parent, and every shorter
// suffix, is done before it.
func (a *automaton) build() {
	nodes := len(a.parent)
	a.fail = make([]int32, nodes)
	a.link = make([]int32, nodes)
	a.link[0] = -1
	byDepth := make([][]int32, 0, 8)
	for n := 1; n < nodes; n++ {
		d := int(a.depth[n])
		for len(byDepth) <= d {
			byDepth = append(byDepth, nil)
		}
		byDepth[d] = append(byDepth[d], int32(n))
	}
	for _, level := range byDepth {
		for _, n := range level {
			f := int32(0)
			if p := a.parent[n]; p != 0 {
				f = a.step(a.fail[p], a.via[n])
			}
			a.fail[n] = f
			if a.out[f] >= 0 {
				a.link[n] = f
			} else {
				a.link[n] = a.link[f]
			}
		}
	}
}

// step moves from node n on the word w.
func (a *automaton) step(n, w int32) int32 {
	if w < 0 {
		return 0
	}
	for {
		if next, ok := a.edges[edgeKey(n, w)]; ok {
			return next
		}
		if n == 0 {
			return 0
		}
		n = a.fail[n]
	}
}
