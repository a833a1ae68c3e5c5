/**
 * American and British spellings of the same word for the lexical watermark ("color"/"colour",
 * "organize"/"organise", "traveled"/"travelled"): both are correct English, so either keeps the meaning.
 * Generated from stems with their common inflections, so the table stays short to read and large in effect.
 */

/** -ize / -ise verbs: stem without the suffix; yields ize, izes, ized, izing and the -ization noun. */
const IZE_STEMS = [
  'organ', 'real', 'recogn', 'optim', 'minim', 'maxim', 'summar', 'categor', 'priorit', 'emphas',
  'special', 'standard', 'normal', 'visual', 'custom', 'personal', 'final', 'initial', 'author', 'apolog',
  'critic', 'memor', 'modern', 'neutral', 'real', 'general', 'central', 'character', 'synchron', 'symbol',
  'stabil', 'mobil', 'local', 'global', 'capital', 'commercial', 'industrial', 'social', 'civil', 'legal',
  'monet', 'token', 'serial', 'parameter', 'vector', 'random', 'revolution', 'harmon', 'familiar', 'hospital',
  'fertil', 'steril', 'critic', 'econom', 'theor', 'sympath', 'energ', 'jeopard', 'scrutin', 'moral',
].filter((stem, i, all) => all.indexOf(stem) === i);

/** Words where only "-or" / "-our" differs, with plural and derived forms listed in full. */
const OR_OUR = [
  'color', 'colors', 'colored', 'colorful', 'behavior', 'behaviors', 'behavioral', 'favor', 'favors', 'favorite',
  'favorites', 'favorable', 'honor', 'honors', 'honored', 'labor', 'neighbor', 'neighbors', 'neighborhood',
  'neighborhoods', 'flavor', 'flavors', 'flavorful', 'humor', 'rumor', 'rumors', 'harbor', 'endeavor', 'endeavors',
  'vapor', 'savor', 'vigor', 'valor', 'glamor', 'armor', 'odor', 'odors', 'parlor', 'tumor', 'tumors',
];

/** -er / -re. */
const ER_RE: readonly [string, string][] = [
  ['center', 'centre'], ['centers', 'centres'], ['centered', 'centred'], ['theater', 'theatre'],
  ['theaters', 'theatres'], ['fiber', 'fibre'], ['liter', 'litre'], ['liters', 'litres'], ['caliber', 'calibre'],
  ['somber', 'sombre'], ['meager', 'meagre'], ['kilometer', 'kilometre'], ['kilometers', 'kilometres'],
  ['centimeter', 'centimetre'], ['centimeters', 'centimetres'], ['millimeter', 'millimetre'],
  ['millimeters', 'millimetres'],
];

/** Other single-word pairs. */
const OTHER: readonly [string, string][] = [
  ['defense', 'defence'], ['offense', 'offence'], ['pretense', 'pretence'], ['catalog', 'catalogue'],
  ['dialog', 'dialogue'], ['analog', 'analogue'], ['traveled', 'travelled'], ['traveling', 'travelling'],
  ['traveler', 'traveller'], ['travelers', 'travellers'], ['canceled', 'cancelled'], ['canceling', 'cancelling'],
  ['labeled', 'labelled'], ['labeling', 'labelling'], ['modeled', 'modelled'], ['modeling', 'modelling'],
  ['fueled', 'fuelled'], ['leveled', 'levelled'], ['signaled', 'signalled'], ['counselor', 'counsellor'],
  ['jewelry', 'jewellery'], ['gray', 'grey'], ['aging', 'ageing'], ['judgment', 'judgement'],
  ['acknowledgment', 'acknowledgement'], ['enrollment', 'enrolment'], ['fulfill', 'fulfil'],
  ['skillful', 'skilful'],
  ['analyze', 'analyse'], ['analyzed', 'analysed'], ['analyzing', 'analysing'],
  ['paralyze', 'paralyse'], ['catalyze', 'catalyse'],
  ['mold', 'mould'], ['plow', 'plough'],
  ['pajamas', 'pyjamas'], ['mustache', 'moustache'], ['cozy', 'cosy'], ['donut', 'doughnut'],
  ['airplane', 'aeroplane'], ['aluminum', 'aluminium'], ['anemia', 'anaemia'], ['pediatric', 'paediatric'],
  ['encyclopedia', 'encyclopaedia'], ['esthetic', 'aesthetic'], ['maneuver', 'manoeuvre'], ['skeptical', 'sceptical'],
  ['artifact', 'artefact'], ['artifacts', 'artefacts'],
 
];

function izeGroups(stem: string): string[][] {
  return [
    [`${stem}ize`, `${stem}ise`],
    [`${stem}izes`, `${stem}ises`],
    [`${stem}ized`, `${stem}ised`],
    [`${stem}izing`, `${stem}ising`],
    [`${stem}ization`, `${stem}isation`],
    [`${stem}izations`, `${stem}isations`],
  ];
}

function ourOf(word: string): string {
  return word.replace(/or(?=s?$|ed$|ful$|ite|ites$|able$|al$|hood|hoods$)/, 'our');
}

export const SPELLING_GROUPS: readonly (readonly string[])[] = [
  ...IZE_STEMS.flatMap(izeGroups),
  ...OR_OUR.map((w) => [w, ourOf(w)]),
  ...ER_RE,
  ...OTHER,
].filter((group) => group.length === 2 && group[0] !== group[1]);
