package markup_test

import (
	"fmt"

	"github.com/burg-news/burg/internal/markup"
)

func ExampleRender() {
	fmt.Println(markup.Render("[b]Jugged![/b] See https://example.com/story.\n<script>alert(1)</script>"))
	// Output:
	// <p><strong>Jugged!</strong> See <a href="https://example.com/story" rel="nofollow ugc noopener">https://example.com/story</a>.<br>&lt;script&gt;alert(1)&lt;/script&gt;</p>
}

func ExampleRenderPost() {
	opt := markup.PostOptions{RemarkClass: func(nick string) string {
		if nick == "Fred" {
			return "burg-mod-3"
		}
		return ""
	}}
	fmt.Println(markup.RenderPost("[h]Meanwhile, in Baku[/h]\n[remark=Fred]Heh.[/remark]", opt))
	// Output:
	// <h3 class="burg-subhead">Meanwhile, in Baku</h3><aside class="burg-remark burg-mod-3"><span class="burg-remark-by">Fred</span> Heh.</aside>
}

func ExampleSquish() {
	fmt.Println(markup.Squish("https://www.example.com/news/2024/04/19/story-name.html"))
	// Output: example.com/…/story-name
}

func ExampleExcerpt() {
	fmt.Println(markup.Excerpt("[quote]Peacekeepers leave Karabakh.[/quote] Nothing good will happen for Armenia.", 40))
	// Output: Peacekeepers leave Karabakh. Nothing…
}
