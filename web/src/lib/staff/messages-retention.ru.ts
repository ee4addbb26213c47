import type { RetentionMessages } from './messages-retention.hy';

/** Retention of recordings; spread into ru.ts. */
export const retentionRu: RetentionMessages = {
  'console.retention.title': 'Запланированные удаления',
  'console.retention.intro':
    'Записи закрытых заседаний и совещаний, которые правило органа удалит в ближайшие {days} дней. Задержите запись, чтобы сохранить её, пока не снимете задержку. Записи открытых заседаний никогда не удаляются автоматически.',
  'console.retention.dueHeading': 'Будут удалены',
  'console.retention.heldHeading': 'Задержаны',
  'console.retention.empty': 'В ближайшие {days} дней ни одна запись не будет удалена.',
  'console.retention.dueAt': 'Удаление: {date}',
  'console.retention.overdue': 'Будет удалена при ближайшей ежечасной проверке',
  'console.retention.rule': 'Правило: через {days} дней после записи',
  'console.retention.recorded': 'Записано {date}',
  'console.retention.heldBy': 'Задержал(а) {name}, {date}',
  'console.retention.hold': 'Задержать',
  'console.retention.release': 'Снять задержку',
  'console.retention.holding': 'Задерживаем…',
  'console.retention.releasing': 'Снимаем задержку…',
  'console.retention.holdFailed': 'Не удалось изменить задержку. Попробуйте ещё раз.',
  'console.retention.meeting': 'Совещание',
  'console.retention.council': 'Заседание',
  'console.bodies.retention': 'Удалять закрытые записи через (дней)',
  'console.bodies.retentionHint':
    'Записи закрытых заседаний и совещаний удаляются через столько дней после записи. Оставьте пустым, чтобы хранить их всегда. Записи открытых заседаний не удаляются никогда.',
  'console.bodies.field.retentionInvalid': 'Введите целое число дней от 1 до 36500 или оставьте поле пустым.',
  'console.bodies.retentionNever': 'Всегда',
  'console.audit.action.body.retention': 'Изменил(а) срок хранения закрытых записей',
  'console.audit.action.recording.hold': 'Задержал(а) удаление записи',
  'console.audit.action.recording.release': 'Снял(а) задержку удаления записи',
  'console.audit.action.recording.retention_delete': 'Удалил(а) запись (правило хранения)',
};
