import type { InterruptionsMessages } from './messages.hy';

/** Interrupted broadcasts and recordings; spread into ru.ts. */
export const interruptionsRu: InterruptionsMessages = {
  'live.mode.realtime': 'Реальное время',
  'live.mode.delayed': 'Обычная задержка, около {sec} с',
  'live.mode.delayedUnknown': 'Обычная задержка',
  'live.mode.toRealtime': 'Перейти в реальное время',
  'live.mode.toDelayed': 'Перейти на обычную задержку',
  'live.hls.missing': 'Видео в реальном времени не доходит до этого браузера, а потока с задержкой у этого заседания нет (оно не записывается или запись остановлена). Пробуем снова…',
  'live.hls.stalled': 'Видео в реальном времени не доходит до этого браузера, а поток с задержкой перестал расти (запись остановилась или диск заполнен). Пробуем снова…',
  'live.hls.none': 'Видео в реальном времени не доходит до этого браузера. Пробуем снова…',
  'live.stats.label': 'Статистика',
  'live.stats.mode': 'Режим',
  'live.stats.reason': 'Причина',
  'live.stats.hls': 'Поток с задержкой',
  'live.reason.starting': 'подключение',
  'live.reason.realtime': 'кадры поступают',
  'live.reason.no-frame': 'за первые 5 секунд не пришло ни одного кадра',
  'live.reason.lost': 'кадры не поступают более 10 секунд',
  'live.reason.unsupported': 'в этом браузере нет WebRTC',
  'live.reason.capacity': 'достигнут предел зрителей в реальном времени',
  'live.reason.manual': 'ваш выбор',
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
