import { evaluatesTo, failsWith, unresolvedWith } from './fake-scope.js';

describe('date functions over known inputs', () => {
  evaluatesTo([
    ["dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y')", '2023-04-07T14:53:14Z'],
    ["dateTimeAdd('2020-04-07T14:53:14Z', '-PT9H')", '2020-04-07T05:53:14Z'],
    ["dateTimeAdd('2020-01-31T00:00:00Z', 'P1M')", '2020-03-02T00:00:00Z'],
    ["dateTimeAdd('2020-04-07T14:53:14Z', 'P1DT30M', 'yyyy-MM-dd')", '2020-04-08'],
    ["dateTimeAdd('2020-04-07T14:53:14', 'PT1S')", '2020-04-07T14:53:15Z'],
    ["dateTimeToEpoch('2023-02-16T00:00:00Z')", 1676505600],
    ['dateTimeFromEpoch(1683040573)', '2023-05-02T15:16:13Z'],
  ]);
  failsWith([
    ["dateTimeAdd('not a date', 'P1D')", /is not a date and time/],
    ["dateTimeAdd('2020-04-07T14:53:14Z', '1 day')", /not an ISO 8601 duration/],
  ]);
  unresolvedWith([
    ["dateTimeAdd(utcNow(), 'P1D')", /utcNow\(\) is only known at deployment time/],
    ["dateTimeAdd('2020-04-07T14:53:14Z', 'P1D', 'dddd, MMMM d')", /format 'dddd, MMMM d' is not supported offline/],
  ]);
});
