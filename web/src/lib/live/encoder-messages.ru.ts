import type { EncoderMessages } from './encoder-messages.hy';

/** The studio's "stream from an encoder" panel; spread into ru.ts. */
export const encoderRu: EncoderMessages = {
  'encoder.title': 'Трансляция с кодировщика (OBS)',
  'encoder.intro': 'OBS, vMix или аппаратный кодировщик может вывести это заседание в эфир по RTMP. Создайте ключ и вставьте настройки ниже.',
  'encoder.create': 'Создать ключ трансляции',
  'encoder.replace': 'Создать новый ключ (старый перестанет работать)',
  'encoder.revoke': 'Отозвать ключ',
  'encoder.active': 'У заседания есть действующий ключ (создан {date}). Он показывается только при создании.',
  'encoder.none': 'Ключа пока нет.',
  'encoder.shownOnce': 'Скопируйте ключ сейчас: больше он показан не будет.',
  'encoder.server': 'Сервер',
  'encoder.key': 'Ключ трансляции',
  'encoder.copy': 'Копировать',
  'encoder.copied': 'Скопировано',
  'encoder.rtmpOff': 'Приём RTMP на этом сервере выключен (RTMP_PORT=off).',
  'encoder.settings': 'Настройки в OBS',
  'encoder.setting.service': 'Сервис: Настраиваемый (Custom)',
  'encoder.setting.keyframe': 'Интервал ключевых кадров: 2 с',
  'encoder.setting.profile': 'Видео: H.264, профиль baseline или main, без B-кадров (поток с B-кадрами перекодируется, это нагружает процессор сервера)',
  'encoder.setting.audio': 'Звук: AAC, 48 кГц',
  'encoder.onAir': 'Кодировщик в эфире ({address})',
  'encoder.video': 'Видео',
  'encoder.audio': 'Звук',
  'encoder.transcoded': 'перекодируется',
  'encoder.copiedAsIs': 'передаётся без изменений',
  'encoder.error': 'Не получилось: {message}',
};
