/** The report command's usage, apart from the command so that `archwalk help` need not load ECharts. */
import { TARGET_SYNTAX } from '../../services/reports/targets.ts';

export const REPORT_USAGE = `archwalk report ID [ID ...] [--format html|pdf|csv|json] [--out FILE|-] [--budgets 10,25,50,100]
                                                 a report of runs, an experiment, or a comparison; ID is ${TARGET_SYNTAX}`;
