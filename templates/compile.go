package templates

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/flosch/pongo2/v6"
)

// How a template is compiled.
//
// Django's lexer runs first (lex): it splits the source into text,
// {{ variable }}, {% tag %} and {# comment #} tokens exactly as Django
// does (a tag never spans lines; verbatim and comment blocks are taken
// whole), and writes a skeleton for pongo2 in which every construct is a
// pongo2 tag carrying the compile's id and the index of the original
// token: {% _x 7 3 %} for a tag that opens, {% endfor 7 4 %} for the end
// and middle tags that pongo2's WrapUntilTag looks for by name,
// {% _v 7 5 %} for a variable and {% _t 7 6 %} for literal text that
// would confuse pongo2's lexer. pongo2 then parses the skeleton: it
// builds the node tree, calling this package's tag parsers, which read
// each token's raw contents (Django's token.contents) from the compile
// state and compile them with Django's grammar.

// tokKind is the kind of a Django token.
type tokKind uint8

const (
	tokText tokKind = iota
	tokVar
	tokBlock
)

// djToken is one token of Django's lexer.
type djToken struct {
	kind     tokKind
	contents string // trimmed contents of a tag; raw text of a text token
	name     string // first word of a block tag
	at       pos    // start of contents
	start    pos    // start of the token ("{%")
}

// compileState is one compile's shared state, found by its id from the
// tag parsers pongo2 calls.
type compileState struct {
	id      int64
	engine  *Engine
	src     *source
	tokens  []djToken
	body    *pongo2.NodeWrapper
	blocks  map[string]*blockNode
	extends *extendsNode
	nonText bool // a node other than text was compiled (for extends)
	libs    []*Library
	// skel maps skeleton offsets of emitted tags to their token index,
	// to place pongo2's own errors.
	skel   []skelTag
	err    error // the first error a tag parser reported
	cycles cycleState
	// skelText is the skeleton pongo2 parses.
	skelText string
}

type skelTag struct {
	off int
	tok int
}

var (
	compileSeq atomic.Int64
	compiles   sync.Map // id -> *compileState, during compiles only
)

// pongo2's own tags. A Django token with one of these names that is not
// one of our tags (every Django tag reaches pongo2 as _x) is a tag Django
// does not have: it goes to pongo2 as _u, never by name, so that pongo2's
// tags are left as they are for other users of pongo2 in the program.
var pongoTags = map[string]bool{
	"autoescape": true, "block": true, "comment": true, "cycle": true, "extends": true, "filter": true,
	"firstof": true, "for": true, "if": true, "ifchanged": true, "ifequal": true, "ifnotequal": true,
	"import": true, "include": true, "lorem": true, "macro": true, "now": true, "set": true,
	"spaceless": true, "ssi": true, "templatetag": true, "widthratio": true, "with": true,
}

func init() {
	// pongo2 keeps tags in a global map: register once, before any parse.
	must := func(err error) {
		if err != nil {
			panic("templates: registering with pongo2: " + err.Error())
		}
	}
	must(pongo2.RegisterTag("_doc", parseDoc))
	must(pongo2.RegisterTag("_x", parseTagToken))
	must(pongo2.RegisterTag("_v", parseVarToken))
	must(pongo2.RegisterTag("_t", parseTextToken))
	must(pongo2.RegisterTag("_u", parseUnknownToken))
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// pongo2's lexer keywords cannot be tag names in the skeleton.
var pongoKeywords = map[string]bool{"in": true, "and": true, "or": true, "not": true, "true": true, "false": true, "as": true, "export": true}

// lex splits src into Django's tokens.
func lex(src *source) []djToken {
	text := src.text
	var toks []djToken
	verbatim := "" // the end tag awaited inside {% verbatim %}
	textStart := 0
	flushText := func(end int) {
		if end > textStart {
			toks = append(toks, djToken{kind: tokText, contents: text[textStart:end], at: pos{src, textStart}, start: pos{src, textStart}})
		}
	}
	i := 0
	for i < len(text) {
		j := strings.IndexByte(text[i:], '{')
		if j < 0 {
			break
		}
		i += j
		if i+1 >= len(text) {
			break
		}
		var closer string
		switch text[i+1] {
		case '%':
			closer = "%}"
		case '{':
			closer = "}}"
		case '#':
			closer = "#}"
		default:
			i++
			continue
		}
		lineEnd := strings.IndexByte(text[i:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text) - i
		}
		k := strings.Index(text[i+2:i+lineEnd], closer)
		if k < 0 {
			i++
			continue
		}
		end := i + 2 + k + 2
		raw := text[i+2 : end-2]
		trimmed := strings.TrimSpace(raw)
		lead := strings.Index(raw, trimmed)
		if trimmed == "" {
			lead = 0
		}
		at := pos{src, i + 2 + lead}
		if verbatim != "" {
			if closer == "%}" && trimmed == verbatim {
				verbatim = ""
			} else {
				i = end
				continue // stays text
			}
		}
		flushText(i)
		switch closer {
		case "}}":
			toks = append(toks, djToken{kind: tokVar, contents: trimmed, at: at, start: pos{src, i}})
		case "%}":
			name, _, _ := strings.Cut(trimmed, " ")
			if f := strings.IndexAny(name, "\t\r\f\v"); f >= 0 {
				name = name[:f]
			}
			if trimmed == "verbatim" || strings.HasPrefix(trimmed, "verbatim ") {
				verbatim = "end" + trimmed
			}
			toks = append(toks, djToken{kind: tokBlock, contents: trimmed, name: name, at: at, start: pos{src, i}})
		}
		// comments are dropped
		i = end
		textStart = end
	}
	flushText(len(text))
	return toks
}

// skeleton writes the pongo2 source for cs.tokens, handling what
// Django's lexer and parser do before any tag runs: verbatim and comment
// blocks, {% load %}, and unknown tags.
func (cs *compileState) skeleton() (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "{%% _doc %d 0 %%}", cs.id)
	emit := func(tag string, idx int) {
		cs.skel = append(cs.skel, skelTag{off: b.Len(), tok: idx})
		fmt.Fprintf(&b, "{%% %s %d %d %%}", tag, cs.id, idx)
	}
	toks := cs.tokens
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		switch t.kind {
		case tokText:
			if strings.Contains(t.contents, "{{") || strings.Contains(t.contents, "{%") || strings.Contains(t.contents, "{#") {
				emit("_t", i)
			} else {
				b.WriteString(t.contents)
			}
		case tokVar:
			if t.contents == "" {
				return "", t.start.errorf(0, "Empty variable tag on line %d", lineOf(t.start))
			}
			emit("_v", i)
		case tokBlock:
			if t.contents == "" {
				return "", t.start.errorf(0, "Empty block tag on line %d", lineOf(t.start))
			}
			switch t.name {
			case "comment":
				if cs.isBuiltinTag("comment") {
					j := i + 1
					for j < len(toks) && !(toks[j].kind == tokBlock && toks[j].contents == "endcomment") {
						j++
					}
					if j == len(toks) {
						return "", t.start.errorf(0, "Unclosed tag on line %d: 'comment'. Looking for one of: endcomment.", lineOf(t.start))
					}
					emit("_x", i) // a comment node, rendering nothing
					i = j
					continue
				}
			case "verbatim":
				if cs.isBuiltinTag("verbatim") {
					// lex made everything up to the matching end tag text.
					j := i + 1
					var inner strings.Builder
					for j < len(toks) && !(toks[j].kind == tokBlock && toks[j].contents == "end"+t.contents) {
						inner.WriteString(cs.src.text[toks[j].start.off:tokenEnd(toks, j, cs.src)])
						j++
					}
					if j == len(toks) {
						return "", t.start.errorf(0, "Unclosed tag on line %d: 'verbatim'. Looking for one of: endverbatim.", lineOf(t.start))
					}
					t.contents = inner.String()
					emit("_x", i)
					i = j
					continue
				}
			case "load":
				if err := cs.load(t); err != nil {
					return "", err
				}
			}
			if _, ok := cs.findTag(t.name); ok {
				emit("_x", i)
			} else if identRE.MatchString(t.name) && !pongoKeywords[t.name] && !pongoTags[t.name] {
				emit(t.name, i) // an end or middle tag, or unknown
			} else {
				emit("_u", i)
			}
		}
	}
	b.WriteString("{% _enddoc %}")
	return b.String(), nil
}

// tokenEnd is the end offset of token j in the source.
func tokenEnd(toks []djToken, j int, src *source) int {
	if j+1 < len(toks) {
		return toks[j+1].start.off
	}
	return len(src.text)
}

func lineOf(p pos) int {
	l, _ := p.lineCol()
	return l
}

// tokenOf finds the compile state and Django token a skeleton tag names.
func tokenOf(args *pongo2.Parser) (*compileState, int, *pongo2.Error) {
	if args.Count() != 2 {
		return nil, 0, args.Error("templates: malformed skeleton tag", nil)
	}
	id, err1 := strconv.ParseInt(args.Get(0).Val, 10, 64)
	idx, err2 := strconv.Atoi(args.Get(1).Val)
	v, ok := compiles.Load(id)
	if err1 != nil || err2 != nil || !ok {
		return nil, 0, args.Error("templates: skeleton tag outside a compile", nil)
	}
	return v.(*compileState), idx, nil
}

// p2err carries one of our errors through pongo2.
func (cs *compileState) p2err(err error) *pongo2.Error {
	if cs.err == nil {
		cs.err = err
	}
	return &pongo2.Error{Sender: "goframe", OrigError: err}
}

func parseDoc(doc *pongo2.Parser, start *pongo2.Token, args *pongo2.Parser) (pongo2.INodeTag, *pongo2.Error) {
	cs, _, perr := tokenOf(args)
	if perr != nil {
		return nil, perr
	}
	body, _, perr := doc.WrapUntilTag("_enddoc")
	if perr != nil {
		return nil, perr
	}
	cs.body = body
	return nopNode{}, nil
}

func parseTagToken(doc *pongo2.Parser, start *pongo2.Token, args *pongo2.Parser) (pongo2.INodeTag, *pongo2.Error) {
	cs, idx, perr := tokenOf(args)
	if perr != nil {
		return nil, perr
	}
	t := &cs.tokens[idx]
	tf, _ := cs.findTag(t.name)
	p := &Parser{cs: cs, doc: doc}
	tok := Token{Name: t.name, Contents: t.contents, at: t.at, start: t.start}
	node, err := compileTag(tf, p, tok)
	if err != nil {
		return nil, cs.p2err(t.at.wrapSyntax(err))
	}
	if _, isExtends := node.(*extendsNode); !isExtends {
		cs.nonText = true
	}
	return &nodeAdapter{n: node, at: t.start}, nil
}

func parseVarToken(doc *pongo2.Parser, start *pongo2.Token, args *pongo2.Parser) (pongo2.INodeTag, *pongo2.Error) {
	cs, idx, perr := tokenOf(args)
	if perr != nil {
		return nil, perr
	}
	t := &cs.tokens[idx]
	p := &Parser{cs: cs, doc: doc}
	e, err := p.compileFilter(t.contents, t.at)
	if err != nil {
		return nil, cs.p2err(err)
	}
	cs.nonText = true
	return &varNode{e: e, at: t.start}, nil
}

func parseTextToken(doc *pongo2.Parser, start *pongo2.Token, args *pongo2.Parser) (pongo2.INodeTag, *pongo2.Error) {
	cs, idx, perr := tokenOf(args)
	if perr != nil {
		return nil, perr
	}
	return textNode(cs.tokens[idx].contents), nil
}

func parseUnknownToken(doc *pongo2.Parser, start *pongo2.Token, args *pongo2.Parser) (pongo2.INodeTag, *pongo2.Error) {
	cs, idx, perr := tokenOf(args)
	if perr != nil {
		return nil, args.Error(fmt.Sprintf("Invalid block tag: '%s'", start.Val), start)
	}
	return nil, cs.p2err(cs.invalidTag(idx, nil))
}

// invalidTag is Django's error for a tag no library defines or one
// found where another was expected.
func (cs *compileState) invalidTag(idx int, expected []string) error {
	t := &cs.tokens[idx]
	if len(expected) > 0 {
		q := make([]string, len(expected))
		for i, e := range expected {
			q[i] = "'" + e + "'"
		}
		return t.start.errorf(0, "Invalid block tag on line %d: '%s', expected %s. Did you forget to register or load this tag?",
			lineOf(t.start), t.name, strings.Join(q[:len(q)-1], ", ")+orJoin(q))
	}
	return t.start.errorf(0, "Invalid block tag on line %d: '%s'. Did you forget to register or load this tag?", lineOf(t.start), t.name)
}

func orJoin(q []string) string {
	if len(q) == 1 {
		return q[0]
	}
	return " or " + q[len(q)-1]
}

// mapPongoError turns an error pongo2 raised itself (a stray or unknown
// tag name) into Django's wording at the right place.
func (cs *compileState) mapPongoError(perr *pongo2.Error, expected []string) error {
	if perr.OrigError != nil && perr.Sender == "goframe" {
		return perr.OrigError
	}
	if cs.err != nil {
		return cs.err
	}
	// Find the skeleton tag at the reported line and column.
	off := offsetOf(cs.skelText, perr.Line, perr.Column)
	idx := -1
	for _, st := range cs.skel {
		if st.off <= off {
			idx = st.tok
		} else {
			break
		}
	}
	msg := perr.OrigError.Error()
	if idx >= 0 && strings.Contains(msg, "not found") {
		return cs.invalidTag(idx, expected)
	}
	at := pos{cs.src, 0}
	if idx >= 0 {
		at = cs.tokens[idx].start
	}
	return at.errorf(0, "%s", msg)
}

func offsetOf(s string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(s[off:], '\n')
		if i < 0 {
			return len(s)
		}
		off += i + 1
	}
	return off + max(col-1, 0)
}

// Token is a tag as written, {% Name ... %}: what a tag's compile
// function gets.
type Token struct {
	// Name is the tag's name, the first word.
	Name string
	// Contents is everything between {% and %}, trimmed.
	Contents  string
	at, start pos
}

// SplitContents splits Contents at spaces, keeping quoted strings
// together (Django's token.split_contents()).
func (t Token) SplitContents() []string {
	bits, _ := splitContents(t.Contents)
	return bits
}

// bits returns the split contents with their positions.
func (t Token) bits() ([]string, []pos) {
	bits, offs := splitContents(t.Contents)
	ps := make([]pos, len(offs))
	for i, o := range offs {
		ps[i] = t.at.plus(o)
	}
	return bits, ps
}

// Errorf returns a syntax error placed at the tag.
func (t Token) Errorf(format string, args ...any) error {
	return t.start.errorf(0, format, args...)
}

// Line returns the tag's line in its template.
func (t Token) Line() int { return lineOf(t.start) }

// Parser is given to a tag's compile function: it compiles what follows
// the tag, up to its end tag, and the tag's arguments.
type Parser struct {
	cs  *compileState
	doc *pongo2.Parser
}

// TagFunc compiles one use of a tag into a Node.
type TagFunc func(p *Parser, t Token) (Node, error)

// Node is a compiled piece of a template.
type Node interface {
	// Render writes the node's output for the variables in c.
	Render(c *Context, w Writer) error
}

// NodeList is a compiled run of template nodes, such as a tag's body.
type NodeList struct {
	w *pongo2.NodeWrapper
}

// Render renders the nodes in order.
func (nl *NodeList) Render(c *Context, w Writer) error {
	if nl == nil || nl.w == nil {
		return nil
	}
	if err := nl.w.Execute(c.ec, w); err != nil {
		return unwrapP2(err)
	}
	return nil
}

// renderString renders the nodes into a string.
func (nl *NodeList) renderString(c *Context) (string, error) {
	var b strings.Builder
	err := nl.Render(c, &b)
	return b.String(), err
}

// Parse compiles the template up to the next tag named in until, and
// returns the nodes and that tag. Reaching the end of the template is
// Django's "Unclosed tag" error, reported at opener.
func (p *Parser) Parse(opener Token, until ...string) (*NodeList, Token, error) {
	w, args, perr := p.doc.WrapUntilTag(until...)
	if perr != nil {
		if perr.Sender == "goframe" || p.cs.err != nil {
			if p.cs.err != nil {
				return nil, Token{}, p.cs.err
			}
			return nil, Token{}, perr.OrigError
		}
		if msg := perr.OrigError.Error(); strings.Contains(msg, "Unexpected EOF") || strings.Contains(msg, "'_enddoc'") {
			return nil, Token{}, opener.start.errorf(0, "Unclosed tag on line %d: '%s'. Looking for one of: %s.",
				opener.Line(), opener.Name, strings.Join(until, ", "))
		}
		return nil, Token{}, p.cs.mapPongoError(perr, until)
	}
	cs, idx, perr := tokenOf(args)
	if perr != nil {
		return nil, Token{}, perr.OrigError
	}
	t := &cs.tokens[idx]
	return &NodeList{w: w}, Token{Name: t.name, Contents: t.contents, at: t.at, start: t.start}, nil
}

// CompileFilter compiles a filter expression (post.title|upper) found in
// the arguments of tag t.
func (p *Parser) CompileFilter(t Token, s string) (*Expr, error) {
	at := t.at
	if i := strings.Index(t.Contents, s); i >= 0 {
		at = at.plus(i)
	}
	return p.compileFilter(s, at)
}

// findFilter looks a filter up in the engine's built-ins and the
// libraries this template loaded.
func (p *Parser) findFilter(name string) (*Filter, bool) {
	return p.cs.findFilter(name)
}

func (cs *compileState) findFilter(name string) (*Filter, bool) {
	for i := len(cs.libs) - 1; i >= 0; i-- {
		if f, ok := cs.libs[i].Filters[name]; ok {
			return &f, true
		}
	}
	return cs.engine.filter(name)
}

func (cs *compileState) findTag(name string) (TagFunc, bool) {
	for i := len(cs.libs) - 1; i >= 0; i-- {
		if t, ok := cs.libs[i].Tags[name]; ok {
			return t, true
		}
	}
	return cs.engine.tag(name)
}

func (cs *compileState) isBuiltinTag(name string) bool {
	_, ok := builtinTags[name]
	if !ok {
		return false
	}
	for _, l := range cs.libs {
		if _, over := l.Tags[name]; over {
			return false
		}
	}
	return !cs.engine.overridesTag(name)
}

// load handles {% load lib... %} and {% load name... from lib %} while
// the skeleton is written, so that later tags and filters are known.
func (cs *compileState) load(t *djToken) error {
	tok := Token{Name: t.name, Contents: t.contents, at: t.at, start: t.start}
	bits, ps := tok.bits()
	bits, ps = bits[1:], ps[1:]
	if len(bits) >= 2 && bits[len(bits)-2] == "from" {
		libName := bits[len(bits)-1]
		lib, ok := cs.engine.library(libName)
		if !ok {
			return ps[len(ps)-1].errorf(0, "'%s' is not a registered tag library. Must be one of:\n%s", libName, strings.Join(cs.engine.libraryNames(), "\n"))
		}
		sub := &Library{Filters: map[string]Filter{}, Tags: map[string]TagFunc{}}
		for i, name := range bits[:len(bits)-2] {
			f, fok := lib.Filters[name]
			tg, tok := lib.Tags[name]
			if !fok && !tok {
				return ps[i].errorf(0, "'%s' is not a valid tag or filter in tag library '%s'", name, libName)
			}
			if fok {
				sub.Filters[name] = f
			}
			if tok {
				sub.Tags[name] = tg
			}
		}
		cs.libs = append(cs.libs, sub)
		return nil
	}
	for i, name := range bits {
		lib, ok := cs.engine.library(name)
		if !ok {
			return ps[i].errorf(0, "'%s' is not a registered tag library. Must be one of:\n%s", name, strings.Join(cs.engine.libraryNames(), "\n"))
		}
		cs.libs = append(cs.libs, lib)
	}
	return nil
}

// wrapSyntax places an error from a tag's compile function at p unless
// it has a place already.
func (p pos) wrapSyntax(err error) error {
	var te *Error
	if errors.As(err, &te) {
		return err
	}
	e := p.newError(KindSyntax, err.Error())
	e.Err = err
	return e
}

// unwrapP2 returns the engine's error carried by a pongo2 error.
func unwrapP2(err *pongo2.Error) error {
	if err.OrigError != nil {
		return err.OrigError
	}
	return err
}

// nodeAdapter runs one of our Nodes as a pongo2 node.
type nodeAdapter struct {
	n  Node
	at pos
}

func (a *nodeAdapter) Execute(ec *pongo2.ExecutionContext, w pongo2.TemplateWriter) *pongo2.Error {
	c := contextOf(ec)
	c.st.cur = a.at
	if err := a.n.Render(c, w); err != nil {
		return &pongo2.Error{Sender: "goframe", OrigError: a.at.wrap(err)}
	}
	return nil
}

// varNode is {{ expression }}.
type varNode struct {
	e  *Expr
	at pos
}

func (n *varNode) Execute(ec *pongo2.ExecutionContext, w pongo2.TemplateWriter) *pongo2.Error {
	c := contextOf(ec)
	c.st.cur = n.at
	v, err := n.e.resolve(c, false)
	if err != nil {
		return &pongo2.Error{Sender: "goframe", OrigError: err}
	}
	if _, err := w.WriteString(c.st.engine.display(v, c.autoescape)); err != nil {
		return &pongo2.Error{Sender: "goframe", OrigError: err}
	}
	return nil
}

// textNode is literal text.
type textNode string

func (n textNode) Execute(ec *pongo2.ExecutionContext, w pongo2.TemplateWriter) *pongo2.Error {
	if _, err := w.WriteString(string(n)); err != nil {
		return &pongo2.Error{Sender: "goframe", OrigError: err}
	}
	return nil
}

// nopNode renders nothing.
type nopNode struct{}

func (nopNode) Execute(*pongo2.ExecutionContext, pongo2.TemplateWriter) *pongo2.Error { return nil }

// compileTag runs a tag's compile function; a panic in it (a project's
// tag) becomes an error placed at the tag.
func compileTag(tf TagFunc, p *Parser, tok Token) (node Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			node, err = nil, tok.at.newError(KindSyntax, fmt.Sprintf("panic while compiling the '%s' tag: %v", tok.Name, r))
		}
	}()
	return tf(p, tok)
}
