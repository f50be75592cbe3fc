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
	fmt.Println(markup.RenderPost("[h]Meanwhile, in Vellmar[/h]\nThe board met.", markup.PostOptions{}))
	// Output:
	// <h3 class="burg-subhead">Meanwhile, in Vellmar</h3><p>The board met.</p>
}

func ExampleSquish() {
	fmt.Println(markup.Squish("https://www.example.com/news/2024/04/19/story-name.html"))
	// Output: example.com/…/story-name
}

func ExampleExcerpt() {
	fmt.Println(markup.Excerpt("[quote]The ferry leaves Vellmar.[/quote] Nothing good will come of the levy.", 40))
	// Output: The ferry leaves Vellmar. Nothing good…
}
