package voice_test

import (
	"fmt"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/voice"
)

func ExampleDictionary_Decorate() {
	d := voice.Build(
		[]*burg.Tag{{ID: 1, Name: "Qasimiya", Slug: "qasimiya", Kind: burg.TagPlace, Epithet: "the ineffectual",
			Description: "River state of oil fields.", Aliases: []string{"Kasimiya"}}},
		[]*burg.Swap{{ID: 1, Term: "arrested", Variants: []string{"jugged"}}},
	)
	out, used := d.Decorate("<p>Kasimiya police arrested two men.</p>", 12)
	fmt.Println(out)
	fmt.Println(used.Names, used.Swaps)
	// Output:
	// <p><span class="burg-name burg-name-place" data-name="qasimiya"><button type="button" class="burg-name-term" aria-expanded="false" aria-controls="burg-name-12-1"><span class="burg-name-epithet">The ineffectual</span> Kasimiya</button><span class="burg-name-box" role="note" id="burg-name-12-1" hidden><span class="burg-name-title">Qasimiya</span> <span class="burg-name-desc">River state of oil fields.</span> <a class="burg-name-link" href="/tags/qasimiya">More on Qasimiya</a></span></span> police <span class="burg-swap" title="arrested">jugged</span> two men.</p>
	// [1] [1]
}

func ExampleDictionary_Suggest() {
	d := voice.Build([]*burg.Tag{
		{ID: 1, Name: "Qasimiya", Slug: "qasimiya", Aliases: []string{"Kasimiya", "Касимия"}},
		{ID: 2, Name: "Smuggling", Slug: "smuggling"},
		{ID: 3, Name: "Caspian Ledger", Slug: "caspian-ledger", NameOnly: true},
	}, nil)
	for _, t := range d.Suggest("The Caspian Ledger says smuggling is rife in Касимия.", 5) {
		fmt.Println(t.Name)
	}
	// Output:
	// Smuggling
	// Qasimiya
}
