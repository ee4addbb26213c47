import type { InterruptionsMessages } from './messages.hy';

/** Interrupted broadcasts and recordings; spread into ru.ts. */
export const interruptionsRu: InterruptionsMessages = {
  'live.interrupted': 'Трансляция прервана',
  'live.interruptedNote': 'Она возобновится здесь сама, перезагружать страницу не нужно. Если трансляция не возобновится до {time}, заседание завершится.',
  'studio.alarm.diskFull': 'Запись остановлена: диск для записей заполнен',
  'studio.alarm.diskFullNote':
    'Трансляция продолжается, записанное сохранено. Свободно {free}, нужно {needed}; как только место освободится, запись сама продолжится в той же записи. Сообщите администратору сервера.',
  'console.alarms.label': 'Тревоги',
  'console.alarms.diskFull':
    'Запись заседания «{title}» остановлена: диск для записей заполнен (свободно {free}, нужно {needed}). Трансляция продолжается; запись возобновится сама, когда освободится место.',
  'console.alarms.diskLow': 'На диске для записей свободно {free} — меньше, чем нужно для записи ({needed}). Освободите место или перенесите старые записи.',
  'console.alarms.openStudio': 'Открыть студию',
  'console.recordings.status.interrupted': 'Прервана',
  'console.recordings.reason.disk_full': 'диск заполнен',
  'console.recordings.reason.source_lost': 'источник трансляции отключился',
};
