import { aMessage } from '../../../test-support/appeals';
import { SERVER_TIME } from '../../../test-support/fixtures';
import { find, loadComponent, mountHost, settle, textOf } from '../../../test-support/simulate';
import { timeline } from '../../../utils/appeal-display';

let timelineId: string;

beforeAll(() => {
  timelineId = loadComponent('components/appeal-timeline/index', 'tx-appeal-timeline');
});

afterEach(() => jest.restoreAllMocks());

function mount(items: ReturnType<typeof timeline>) {
  return mountHost({ template: '<tx-appeal-timeline id="timeline" items="{{items}}" />', usingComponents: { 'tx-appeal-timeline': timelineId }, data: { items } });
}

describe('tx-appeal-timeline', () => {
  test('shows who said what and when, oldest first, as the reader names them', () => {
    const messages = [aMessage({ text: '我没去过' }), aMessage({ at: SERVER_TIME + 60_000, from: 'staff', kind: 'question', text: '请补充证明' })];

    const forResident = mount(timeline(messages, 'resident'));
    const forStaff = mount(timeline(messages, 'staff'));

    expect(forResident.querySelectorAll('#timeline >>> .tx-appeal-timeline__item').map((item) => textOf(item))).toEqual([
      '您的申诉2025年3月1日 14:05:09我没去过',
      '工作人员提问2025年3月1日 14:06:09请补充证明',
    ]);
    expect(textOf(find(forStaff, '#timeline >>> .tx-appeal-timeline__label'))).toBe('居民申诉');
  });

  test('shows the images (temporary URLs for staff) and opens one full screen when tapped', async () => {
    const preview = jest.spyOn(wx, 'previewImage');
    const message = { ...aMessage({ images: ['cloud://env/appeals/o1/a.jpg', 'cloud://env/appeals/o1/b.jpg'] }), imageUrls: ['https://tmp/a.jpg', 'https://tmp/b.jpg'] };
    const host = mount(timeline([message], 'staff'));

    const images = host.querySelectorAll('#timeline >>> .tx-appeal-timeline__image');
    expect(images.map((image) => image.data.src)).toEqual(['https://tmp/a.jpg', 'https://tmp/b.jpg']);

    images[1].dispatchEvent('tap');
    await settle();
    expect(preview).toHaveBeenCalledWith(expect.objectContaining({ urls: ['https://tmp/a.jpg', 'https://tmp/b.jpg'], current: 'https://tmp/b.jpg' }));
  });

  test("the resident's own images show by their cloud file ids; an image staff cannot read is left out", () => {
    const resident = mount(timeline([aMessage({ images: ['cloud://env/appeals/o1/a.jpg'] })], 'resident'));
    expect(resident.querySelectorAll('#timeline >>> .tx-appeal-timeline__image').map((image) => image.data.src)).toEqual(['cloud://env/appeals/o1/a.jpg']);

    const staff = mount(timeline([{ ...aMessage({ images: ['cloud://gone'] }), imageUrls: [''] }], 'staff'));
    expect(staff.querySelectorAll('#timeline >>> .tx-appeal-timeline__image')).toHaveLength(0);
  });
});
