#include "text/fox_opening.h"

namespace embedlab {

const char kFoxStoryOpening[] =
    "The Quick Fox of Hollow Lane\n\n"
    "On the last street of the village, where the cobbles gave up and the lane turned to "
    "mud, there stood a narrow house with a green door. Mrs. Amsel lived there with her "
    "grandson Tobias, a tabby cat called Pepper, and a kettle that whistled half a tone "
    "flat. Nothing much happened on Hollow Lane. The baker's van came on Tuesdays, the "
    "post came when it felt like it, and once a year the river rose high enough to wet "
    "the bottom step.\n\n"
    "Then, one cold morning in November, Tobias came running down the stairs with his "
    "socks in his hand.\n\n"
    "\"Grandmother! There's a fox in the kitchen!\"\n\n"
    "Mrs. Amsel did not believe him. She put on her glasses, took the broom from behind "
    "the door, and walked slowly to the kitchen. The room was empty. The window was open "
    "a crack, the bread bin was shut, and Pepper was asleep on the chair by the stove. "
    "Only a single muddy footprint on the flagstones suggested that her grandson was not "
    "dreaming.\n\n"
    "\"A fox,\" she said, \"does not come into a house. A fox has a den. A fox has "
    "manners.\"\n\n"
    "\"This one doesn't,\" said Tobias. He wrote it down in his notebook: the quick fox "
    "is in the house.\n";

}  // namespace embedlab
