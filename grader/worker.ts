/**
 * A worker process of the grading pool (started by grader/grade.ts through the library's processPool): grades one
 * submission at a time, each in its own sandboxed kernel, and reports progress as (cells done, cells in all).
 */
import workerpool from 'workerpool';
import { gradeSubmission, type GradeJob } from './grade-one';

workerpool.worker({
  grade: (job: GradeJob) => gradeSubmission(job, (done, total) => workerpool.workerEmit({ done, total })),
});
