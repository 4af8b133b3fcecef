import type { AppealCategory, AppealView, Result } from '../../../typings/contract';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { askToSubscribe } from '../../services/subscribe';
import { chooseImages, uploadFile } from '../../services/upload';
import { IMAGE_LIMITS, imageCloudPath, imageExtension, imageProblem } from '../../utils/appeal-images';
import { ANSWER_LIMITS, CATEGORIES, CATEGORY_WORDS, DESCRIPTION_LIMITS, describeAppeal, type ResidentAppeal } from '../../utils/appeal-display';
import { inputPatch, type FieldInput, type TapWith } from '../../utils/page-events';
import { elderMode } from '../../behaviors/elder-mode';

/** What is wrong with a text before it is sent, or '' when it may go (the server checks again). */
function lengthProblem(label: string, text: string, limits: { min: number; max: number }): string {
  if (text.length < limits.min) return `${label}至少 ${limits.min} 个字，现在是 ${text.length} 个字`;
  if (text.length > limits.max) return `${label}最多 ${limits.max} 个字`;
  return '';
}

/** An image on its way with the appeal or the answer: shown as a thumbnail until sent. */
interface AppealImage {
  /** Its cloud path, chosen once so a retry overwrites the same file; also the key of the list. */
  key: string;
  path: string;
  status: 'uploading' | 'uploaded' | 'failed';
  progress: number;
  fileID: string;
}

/** The image fields of the page's data, kept in step: pending while any image is not yet uploaded. */
function imageState(images: AppealImage[]) {
  return { images, imagesPending: images.some((image) => image.status !== 'uploaded'), uploadFailed: images.some((image) => image.status === 'failed') };
}

/**
 * 我要申诉 (随申码 guide, questions 11 and 15): with no open appeal, the form (category and description); with
 * one, its status in words and the messages so far, the answer staff asked for, and withdrawing. A decided
 * appeal shows its outcome above the form, so a resident told 未通过 can read why and appeal again.
 * The appeal and the answer may carry up to 3 photos, uploaded as they are picked into the account's folder
 * (resident.session's appealUploadFolder); sending waits until every one is up.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    /** The open appeal, or the latest decided one; null before the first. */
    appeal: null as ResidentAppeal | null,
    categories: CATEGORIES.map((key) => ({ key, label: CATEGORY_WORDS[key] })),
    limits: DESCRIPTION_LIMITS,
    category: '' as AppealCategory | '',
    description: '',
    descriptionError: '',
    submitError: '',
    submitting: false,
    answer: '',
    answerError: '',
    /** One step at a time on the open appeal: answering or withdrawing. */
    acting: false,
    actionError: '',
    /** Photos for the form or the answer (only one of them shows at a time). */
    images: [] as AppealImage[],
    imagesPending: false,
    uploadFailed: false,
    /** Why picked images were not taken, or ''. */
    imageError: '',
    imageLimit: IMAGE_LIMITS.count,
    /** resident.session's appealUploadFolder: the only folder the server takes images from. */
    uploadFolder: '',
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const [result, session] = await Promise.all([callFunction('resident', 'appealMine', {}), callFunction('resident', 'session', {})]);
      if (!result.ok) return this.showFailure(result);
      if (!session.ok) return this.showFailure(session);
      const { appeals } = result.data;
      // Newest first: the open appeal if there is one, else the latest outcome.
      const shown = appeals.find((appeal) => appeal.canWithdraw) ?? appeals[0];
      this.setData({ status: 'ready', uploadFolder: session.data.appealUploadFolder });
      this.showAppeal(shown ?? null);
    },

    showAppeal(appeal: AppealView | null): void {
      this.setData({ appeal: appeal && describeAppeal(appeal), answer: '', answerError: '', actionError: '', imageError: '', ...imageState([]) });
    },

    async onAddImageTap(): Promise<void> {
      const room = IMAGE_LIMITS.count - this.data.images.length;
      if (room <= 0) return;
      const picked = await chooseImages(room);
      if (!picked.ok) {
        this.setData({ imageError: picked.message });
        return;
      }
      // Counted again: a second tap may have opened the picker twice.
      const roomLeft = IMAGE_LIMITS.count - this.data.images.length;
      const problems: string[] = [];
      const added: AppealImage[] = [];
      for (const image of picked.data.images) {
        const problem = imageProblem(image);
        if (problem) problems.push(problem);
        else if (added.length >= roomLeft) problems.push(`最多上传 ${IMAGE_LIMITS.count} 张图片`);
        else {
          const key = imageCloudPath(this.data.uploadFolder, imageExtension(image.path) as string);
          added.push({ key, path: image.path, status: 'uploading', progress: 0, fileID: '' });
        }
      }
      // this.data.images read now, not before the picker: earlier uploads may have moved on meanwhile.
      this.setData({ imageError: [...new Set(problems)].join('；'), ...imageState([...this.data.images, ...added]) });
      for (const image of added) void this.upload(image.key);
    },

    async upload(key: string): Promise<void> {
      const image = this.data.images.find((each) => each.key === key);
      if (!image) return;
      const result = await uploadFile({ cloudPath: key, filePath: image.path, onProgress: (progress) => this.updateImage(key, { progress }) });
      this.updateImage(key, result.ok ? { status: 'uploaded', progress: 100, fileID: result.data.fileID } : { status: 'failed' });
    },

    /** Changes one image, unless it was removed (or the appeal sent) while its upload was on the way. */
    updateImage(key: string, change: Partial<AppealImage>): void {
      const { images } = this.data;
      if (!images.some((image) => image.key === key)) return;
      this.setData(imageState(images.map((image) => (image.key === key ? { ...image, ...change } : image))));
    },

    onRetryImageTap(event: TapWith<{ key: string }>): void {
      const { key } = event.currentTarget.dataset;
      // Only a failed one: a second tap before the view updates must not start a second upload.
      if (this.data.images.find((image) => image.key === key)?.status !== 'failed') return;
      this.updateImage(key, { status: 'uploading', progress: 0 });
      void this.upload(key);
    },

    onRemoveImageTap(event: TapWith<{ key: string }>): void {
      const { key } = event.currentTarget.dataset;
      this.setData({ imageError: '', ...imageState(this.data.images.filter((image) => image.key !== key)) });
    },

    /** The fileIDs to send; only called when none is pending. */
    uploadedImages(): string[] {
      return this.data.images.map((image) => image.fileID);
    },

    onFieldInput(event: FieldInput): void {
      this.setData(inputPatch(event, this.data));
    },

    onCategoryTap(event: TapWith<{ category: AppealCategory }>): void {
      this.setData({ category: event.currentTarget.dataset.category, submitError: '' });
    },

    async onSubmitTap(): Promise<void> {
      if (this.data.submitting || this.data.imagesPending) return;
      const { category } = this.data;
      const description = this.data.description.trim();
      if (category === '') {
        this.setData({ submitError: '请选择申诉类型' });
        return;
      }
      const problem = lengthProblem('申诉说明', description, DESCRIPTION_LIMITS);
      this.setData({ descriptionError: problem, submitError: '' });
      if (problem) return;

      this.setData({ submitting: true });
      // In the tap, where WeChat allows the dialog: consent to hear when staff reply or ask for more.
      await askToSubscribe('appeal');
      const result = await callFunction('resident', 'appealSubmit', { category, description, images: this.uploadedImages() });
      if (!result.ok) {
        this.setData({ submitting: false, submitError: result.message });
        return;
      }
      this.setData({ submitting: false, category: '', description: '' });
      this.showAppeal(result.data.appeal);
      void wx.showToast({ title: '已提交', icon: 'success' });
    },

    async onAnswerTap(): Promise<void> {
      const { appeal, acting } = this.data;
      if (acting || !appeal || this.data.imagesPending) return;
      const text = this.data.answer.trim();
      const problem = lengthProblem('补充说明', text, ANSWER_LIMITS);
      this.setData({ answerError: problem });
      if (problem) return;

      this.setData({ acting: true, actionError: '' });
      this.finishStep(await callFunction('resident', 'appealAddInfo', { appealId: appeal.appealId, text, images: this.uploadedImages() }), '已补充');
    },

    async onWithdrawTap(): Promise<void> {
      const { appeal, acting } = this.data;
      if (acting || !appeal) return;
      this.setData({ acting: true, actionError: '' });
      const { confirm } = await wx.showModal({
        title: '撤回申诉',
        content: '撤回后，这次申诉不再处理。如仍有疑问，可以重新提交。确定撤回吗？',
        confirmText: '撤回',
      });
      if (!confirm) {
        this.setData({ acting: false });
        return;
      }
      this.finishStep(await callFunction('resident', 'appealWithdraw', { appealId: appeal.appealId }), '已撤回');
    },

    finishStep(result: Result<{ appeal: AppealView }>, done: string): void {
      if (!result.ok) {
        this.setData({ acting: false, actionError: result.message });
        return;
      }
      this.setData({ acting: false });
      this.showAppeal(result.data.appeal);
      void wx.showToast({ title: done, icon: 'success' });
    },
  },
});
