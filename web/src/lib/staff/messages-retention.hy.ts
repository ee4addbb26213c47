import type { Message } from '../i18n/message';

/**
 * Retention of recordings: a body's rule in its settings form, the console's "Scheduled deletions" with its
 * holds, and their audit labels; spread into hy.ts. The reference for en and ru.
 */
export const retentionHy = {
  'console.retention.title': 'Պլանավորված ջնջումներ',
  'console.retention.intro':
    'Փակ նիստերի և խորհրդակցությունների տեսագրությունները, որոնք կառույցի կանոնով կջնջվեն առաջիկա {days} օրում։ Պահեք տեսագրությունը, որպեսզի այն չջնջվի, մինչև այն բաց թողնեք։ Բաց նիստերի տեսագրությունները երբեք ինքնաբերաբար չեն ջնջվում։',
  'console.retention.dueHeading': 'Կջնջվեն',
  'console.retention.heldHeading': 'Պահված են',
  'console.retention.empty': 'Առաջիկա {days} օրում ջնջվող տեսագրություն չկա։',
  'console.retention.dueAt': 'Կջնջվի՝ {date}',
  'console.retention.overdue': 'Կջնջվի ժամային հաջորդ ստուգման ժամանակ',
  'console.retention.rule': 'Կանոն՝ տեսագրումից {days} օր հետո',
  'console.retention.recorded': 'Տեսագրված՝ {date}',
  'console.retention.heldBy': 'Պահել է {name}՝ {date}',
  'console.retention.hold': 'Պահել',
  'console.retention.release': 'Բաց թողնել',
  'console.retention.holding': 'Պահվում է…',
  'console.retention.releasing': 'Բաց է թողնվում…',
  'console.retention.holdFailed': 'Չհաջողվեց փոխել պահումը։ Փորձեք կրկին։',
  'console.retention.meeting': 'Խորհրդակցություն',
  'console.retention.council': 'Նիստ',
  'console.bodies.retention': 'Ջնջել փակ տեսագրությունները (օր հետո)',
  'console.bodies.retentionHint':
    'Փակ նիստերի և խորհրդակցությունների տեսագրությունները կջնջվեն տեսագրումից այսքան օր հետո։ Թողեք դատարկ՝ ընդմիշտ պահելու համար։ Բաց նիստերի տեսագրությունները երբեք չեն ջնջվում։',
  'console.bodies.field.retentionInvalid': 'Գրեք օրերի ամբողջ թիվ 1-ից 36500, կամ թողեք դատարկ։',
  'console.bodies.retentionNever': 'Ընդմիշտ',
  'console.audit.action.body.retention': 'Փոխել է փակ տեսագրությունների պահման ժամկետը',
  'console.audit.action.recording.hold': 'Պահել է տեսագրությունը ջնջումից',
  'console.audit.action.recording.release': 'Բաց է թողել տեսագրության պահումը',
  'console.audit.action.recording.retention_delete': 'Ջնջել է տեսագրությունը (պահման կանոն)',
} satisfies Record<string, Message>;

export type RetentionMessages = Record<keyof typeof retentionHy, Message>;
