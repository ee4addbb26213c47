import type { PlayerMessages } from './messages.hy';

/** The video player's messages; spread into ru.ts. */
export const playerRu: PlayerMessages = {
  'player.quality': 'Качество',
  'player.auto': 'Авто',
  'player.captions': 'Субтитры',
  'player.captionsOff': 'Выкл.',
  'player.speed': 'Скорость',
  'player.chapters': 'Пункты повестки в записи',
  'player.volume': 'Громкость',
  'player.goLive': 'Вернуться в прямой эфир',
  'player.loadFailed': 'Не удалось загрузить запись. Обновите страницу или попробуйте позже.',
  'player.sign.failed': 'Не удалось загрузить окно сурдоперевода.',
};
