package io.cirstream.demo.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CaptionWriterTest {

    private final CaptionWriter writer = new CaptionWriter();

    @Test
    void togetherTheTwoCaptionsNameEveryChangeAndTheCirrCaptionToo() {
        SplittableRandom random = new SplittableRandom(3);
        List<List<SynthProduct>> families = CatalogueDesign.families(3000, 11);
        int vague = 0;
        Set<String> texts = new HashSet<>();
        for (List<SynthProduct> family : families) {
            for (int i = 1; i < family.size(); i++) {
                List<Change> changes =
                        family.get(0).look().changesTo(family.get(i).look());
                Captions captions = writer.write(changes, random);
                Set<Attribute> changed = EnumSet.noneOf(Attribute.class);
                changes.forEach(c -> changed.add(c.attribute()));
                Set<Attribute> mentioned = EnumSet.noneOf(Attribute.class);
                mentioned.addAll(captions.firstMentions());
                mentioned.addAll(captions.secondMentions());
                assertThat(mentioned).isEqualTo(changed);
                if (captions.secondMentions().isEmpty()) {
                    vague++;
                    assertThat(captions.firstMentions()).isEqualTo(changed);
                }
                for (Change change : changes) {
                    if (change.attribute() == Attribute.COLOUR) {
                        assertThat(captions.first() + captions.second()).contains(change.toValue());
                        assertThat(captions.cirr()).contains(change.toValue());
                    }
                }
                texts.add(captions.first());
            }
        }
        assertThat(vague).isPositive();
        assertThat(texts).as("paraphrases").hasSizeGreaterThan(500);
    }

    @Test
    void phrasesNameTheNewValueOrTheDirection() {
        Phrases phrases = new Phrases();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            String longer = phrases.describe(new Change(Category.DRESS, Attribute.LENGTH, 0, 2), random);
            assertThat(longer).containsAnyOf("longer", "maxi", "floor length");
            String smaller = phrases.describe(new Change(Category.BAG, Attribute.SIZE, 2, 1), random);
            assertThat(smaller).containsAnyOf("smaller", "compact", "medium");
            String logo = phrases.instruct(new Change(Category.SHIRT, Attribute.LOGO, 1, 0), random);
            assertThat(logo).containsAnyOf("remove the logo", "take off the star print");
        }
    }

    @Test
    void familiesHoldDistinctVariantsOfOneCategoryAndSplitsGetTheirShares() {
        List<List<SynthProduct>> families = CatalogueDesign.families(6000, 5);
        assertThat(families).hasSize(1000);
        int train = 0;
        int val = 0;
        for (List<SynthProduct> family : families) {
            assertThat(family).hasSize(CatalogueDesign.FAMILY_SIZE);
            assertThat(family.stream().map(SynthProduct::look).distinct()).hasSize(family.size());
            assertThat(family.stream().map(SynthProduct::category).distinct()).hasSize(1);
            assertThat(family.stream().map(SynthProduct::split).distinct()).hasSize(1);
            train += family.get(0).split().equals("train") ? 1 : 0;
            val += family.get(0).split().equals("val") ? 1 : 0;
        }
        assertThat(train).isEqualTo(650);
        assertThat(val).isEqualTo(250);
        assertThat(CatalogueDesign.families(100, 5).get(16)).hasSize(4);
    }
}
