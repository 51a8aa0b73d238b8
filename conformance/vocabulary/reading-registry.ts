// The documented readings (conformance/readings.yaml): each question the docs answer in more than one documented
// way, declared once with its readings and the source of each. Scenarios, checks and the exploration name them by
// id; an id declared nowhere is a configuration error, never a silently separate reading.
import { ConfigError } from "./config-error.ts";
import { locateConformanceData, readDataFile } from "./conformance-data.ts";
import { sourceRegistry } from "./source-registry.ts";

export interface Reading {
  /** `<question id>/<reading id>`: how the report and the tests name it. */
  id: string;
  question: Question;
  /** The reading's own id within its question. */
  key: string;
  /** The reading in words, as the report shows it. */
  text: string;
  /** Where it is documented: an id of conformance/sources.yaml. */
  source: string;
}

export interface Question {
  id: string;
  /** The question in words, as the report shows it. */
  text: string;
  readings: ReadonlyMap<string, Reading>;
}

export interface ReadingRegistry {
  /** Throws ConfigError for a question the registry does not declare. */
  question(id: string): Question;
  /** Throws ConfigError for a question or reading the registry does not declare. */
  reading(questionId: string, readingId: string): Reading;
  all(): Question[];
}

interface RawQuestions {
  questions: Record<string, { question: string; readings: Record<string, { reading: string; source: string }> }>;
}

export function loadReadingRegistry(path = locateConformanceData("readings.yaml")): ReadingRegistry {
  const raw = readDataFile<RawQuestions>(path, "readings.schema.json", "readings file");
  const sources = sourceRegistry();
  const questions = new Map<string, Question>();
  for (const [id, entry] of Object.entries(raw.questions)) {
    const readings = new Map<string, Reading>();
    const question: Question = { id, text: entry.question, readings };
    for (const [key, reading] of Object.entries(entry.readings)) {
      if (!sources.has(reading.source))
        throw new ConfigError(`readings file ${path}: ${id}/${key} names unknown source "${reading.source}"`);
      readings.set(key, { id: `${id}/${key}`, question, key, text: reading.reading, source: reading.source });
    }
    questions.set(id, question);
  }
  const question = (id: string): Question => {
    const found = questions.get(id);
    if (!found)
      throw new ConfigError(
        `unknown question "${id}" (conformance/readings.yaml declares ${[...questions.keys()].join(", ")})`,
      );
    return found;
  };
  return {
    question,
    reading(questionId, readingId) {
      const found = question(questionId).readings.get(readingId);
      if (!found)
        throw new ConfigError(
          `unknown reading "${readingId}" of question ${questionId} (conformance/readings.yaml declares ${[...question(questionId).readings.keys()].join(", ")})`,
        );
      return found;
    },
    all: () => [...questions.values()],
  };
}

let cached: ReadingRegistry | undefined;

/** The bundled registry, read once per process. */
export function readingRegistry(): ReadingRegistry {
  cached ??= loadReadingRegistry();
  return cached;
}
