/** Every producer of README figures, in the order of the README's table. Add a producer here to cover more rows. */
import type { FigureProducer } from './figure.js';
import { archetypeFigures, smokeFigures, standardFigures } from './scenario-figures.js';

export const FIGURE_PRODUCERS: FigureProducer[] = [standardFigures, archetypeFigures, smokeFigures];
